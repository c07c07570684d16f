import { AppConfig } from '@lib/config';
import { patentCheckCharacter } from '@lib/contracts';
import { catalogueIndexName } from '@lib/search';
import fc from 'fast-check';
import { Meilisearch } from 'meilisearch';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { withTestDatabase } from '../support/database';
import { IdentityApi, Session } from '../support/identity';
import { TestSystem } from '../support/system';

/**
 * BRIEF.md: "Nothing that is not `published` ever reaches the search index, the public API …
 * tested as a property." Random listings and random actions by random actors (the owner, another
 * organisation, an unverified one, an operator, anonymous) go through HTTP; a model predicts which
 * succeed and the status each listing ends in. After each sequence, once the outbox has drained:
 * the index holds exactly the listings the database says are published, anonymous reads answer
 * 200 for exactly those and 404 for the rest, and no restricted text appears anywhere public.
 */

type Level = 'public' | 'internal' | 'secret' | 'confidential' | 'top_secret';
type Status = 'draft' | 'pending_review' | 'published' | 'rejected' | 'suspended' | 'withdrawn';
/** 0: verified institute, 1: verified enterprise (civ_to_mil only), 2: unverified institute. */
type OrgIndex = 0 | 1 | 2;
type ActorKey = OrgIndex | 'operator' | 'anonymous';
/** `right` is the owner for owners' actions and the operator for operators' actions. */
type ActorChoice = ActorKey | 'right';

interface Target {
  smart: boolean;
  n: number;
}
interface CreateCommand {
  kind: 'create';
  by: ActorKey;
  secrecy: Level;
  declassified: boolean;
  direction: 'mil_to_civ' | 'civ_to_mil';
  negotiable: boolean;
  nationalDefence: boolean;
}
interface EditCommand {
  kind: 'edit';
  target: Target;
  by: ActorChoice;
  secrecy?: Level;
  declassification?: 'add' | 'remove';
  description: boolean;
  direction?: 'mil_to_civ' | 'civ_to_mil';
}
interface ActionCommand {
  kind: 'submit' | 'approve' | 'reject' | 'suspend' | 'reinstate' | 'withdraw' | 'dossier';
  target: Target;
  by: ActorChoice;
  withReason: boolean;
}
type Command = CreateCommand | EditCommand | ActionCommand;

interface ModelListing {
  id: string;
  owner: OrgIndex;
  status: Status;
  secrecy: Level;
  declassified: boolean;
  direction: 'mil_to_civ' | 'civ_to_mil';
}

const APPLIES_TO: Record<Exclude<Command['kind'], 'create'>, Status[]> = {
  edit: ['draft', 'rejected'],
  submit: ['draft'],
  approve: ['pending_review'],
  reject: ['pending_review'],
  suspend: ['published'],
  reinstate: ['suspended'],
  withdraw: ['published'],
  dossier: ['draft', 'pending_review', 'published', 'rejected', 'suspended', 'withdrawn'],
};
const ORG_KINDS = ['institute', 'enterprise', 'institute'] as const;
const ORG_VERIFIED = [true, true, false];
const OWNER_ACTIONS = new Set(['submit', 'withdraw', 'dossier', 'edit']);
const PUBLIC_KEYS = ['id', 'title', 'summary', 'direction', 'field', 'ipcCodes', 'trl', 'transactionModes', 'askingPrice', 'priceNegotiable', 'evaluation', 'publishedAt'];
const FORBIDDEN_KEYS = ['description', 'patents', 'secrecyLevel', 'declassification', 'organisationId', 'dossierContent', 'content', 'createdBy', 'status', 'statusReason', 'dossierAccess'];

// --- arbitraries -------------------------------------------------------------------------------

const level = fc.constantFrom<Level>('public', 'public', 'public', 'internal', 'secret', 'confidential', 'top_secret');
const actorKey = fc.constantFrom<ActorKey>(0, 1, 2, 'operator', 'anonymous');
const actorChoice: fc.Arbitrary<ActorChoice> = fc.oneof({ arbitrary: fc.constant<ActorChoice>('right'), weight: 8 }, { arbitrary: actorKey, weight: 3 });
/**
 * Which listing a command aims at: `smart` picks one whose status the action applies to (when
 * there is one), so that sequences reach publication and beyond; otherwise any listing of the run,
 * or (n % 10 = 9) one that does not exist.
 */
const target = fc.record({ smart: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }), n: fc.nat() });
const direction = fc.constantFrom<'mil_to_civ' | 'civ_to_mil'>('mil_to_civ', 'civ_to_mil');

const createCommand: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('create' as const),
  by: fc.constantFrom<ActorKey>(0, 0, 0, 0, 1, 1, 1, 2, 2, 'operator', 'anonymous'),
  secrecy: level,
  declassified: fc.oneof({ arbitrary: fc.constant(true), weight: 2 }, { arbitrary: fc.constant(false), weight: 1 }),
  direction: fc.constantFrom<'mil_to_civ' | 'civ_to_mil'>('mil_to_civ', 'civ_to_mil', 'civ_to_mil'),
  negotiable: fc.boolean(),
  nationalDefence: fc.boolean(),
});

const editCommand: fc.Arbitrary<Command> = fc.record(
  {
    kind: fc.constant('edit' as const),
    target,
    by: actorChoice,
    secrecy: level,
    declassification: fc.constantFrom<'add' | 'remove'>('add', 'remove'),
    description: fc.boolean(),
    direction,
  },
  { requiredKeys: ['kind', 'target', 'by', 'description'] },
);

const actionCommand = (kind: ActionCommand['kind'], weight: number) => ({
  arbitrary: fc.record({ kind: fc.constant(kind), target, by: actorChoice, withReason: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }) }) as fc.Arbitrary<Command>,
  weight,
});

const anyCommand: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: createCommand, weight: 2 },
  { arbitrary: editCommand, weight: 2 },
  actionCommand('submit', 6),
  actionCommand('approve', 6),
  actionCommand('reject', 2),
  actionCommand('suspend', 4),
  actionCommand('reinstate', 4),
  actionCommand('withdraw', 2),
  actionCommand('dossier', 1),
);

/** A hand-written sequence run first, through every transition, with wrong actors on the way. */
const at = (n: number): Target => ({ smart: false, n });
const create = (by: ActorKey, secrecy: Level, declassified: boolean, direction: 'mil_to_civ' | 'civ_to_mil' = 'civ_to_mil'): Command => ({
  kind: 'create',
  by,
  secrecy,
  declassified,
  direction,
  negotiable: false,
  nationalDefence: true,
});
const act = (kind: ActionCommand['kind'], n: number, by: ActorChoice = 'right', withReason = true): Command => ({ kind, target: at(n), by, withReason });
const EVERY_TRANSITION: Command[] = [
  create(0, 'public', false, 'mil_to_civ'),
  create(1, 'secret', true),
  create(0, 'confidential', false),
  create(2, 'public', false),
  create(1, 'public', false, 'mil_to_civ'), // enterprises list civ_to_mil only
  create('anonymous', 'public', false),
  act('dossier', 0),
  act('dossier', 0, 1),
  act('submit', 0, 'anonymous'),
  act('submit', 0, 1),
  act('submit', 0, 'operator'),
  act('submit', 0),
  act('approve', 0, 0),
  act('approve', 0),
  act('suspend', 0, 'right', false),
  act('suspend', 0),
  act('reinstate', 0, 2),
  act('reinstate', 0),
  act('withdraw', 0, 1),
  act('dossier', 1),
  act('submit', 1),
  act('reject', 1),
  { kind: 'edit', target: at(1), by: 'right', description: true, secrecy: 'confidential' },
  act('submit', 1),
  act('approve', 1),
  act('submit', 2),
  { kind: 'edit', target: at(2), by: 0, description: false, declassification: 'add' },
  { kind: 'edit', target: at(2), by: 1, description: true },
  act('submit', 2),
  act('approve', 2),
  act('suspend', 2),
  act('submit', 3),
  act('approve', 3),
  act('withdraw', 0),
  act('reinstate', 0),
  act('approve', 9), // a listing that does not exist
];

const scenario = fc.tuple(fc.array(createCommand, { minLength: 1, maxLength: 3, size: 'max' }), fc.array(anyCommand, { minLength: 8, maxLength: 30, size: 'max' })).map(([creates, rest]) => [...creates, ...rest]);

// --- the model ---------------------------------------------------------------------------------

/** Whether the command succeeds, and the listing as it is afterwards (the code's rules, in order). */
function predict(command: Command, actor: ActorKey, listing: ModelListing | null): { ok: boolean; after?: Partial<ModelListing> } {
  const member = typeof actor === 'number';
  const fail = { ok: false };
  if (command.kind === 'create') {
    if (!member || command.secrecy === 'top_secret') return fail;
    if (ORG_KINDS[actor] === 'enterprise' && command.direction !== 'civ_to_mil') return fail;
    return { ok: true };
  }
  if (!listing) return fail;
  switch (command.kind) {
    case 'edit': {
      if (!member || command.secrecy === 'top_secret') return fail;
      if (command.direction && ORG_KINDS[actor] === 'enterprise' && command.direction !== 'civ_to_mil') return fail;
      if (actor !== listing.owner || !['draft', 'rejected'].includes(listing.status)) return fail;
      return {
        ok: true,
        after: {
          status: 'draft',
          ...(command.secrecy ? { secrecy: command.secrecy } : {}),
          ...(command.declassification ? { declassified: command.declassification === 'add' } : {}),
          ...(command.direction ? { direction: command.direction } : {}),
        },
      };
    }
    case 'submit': {
      if (!member || actor !== listing.owner || listing.status !== 'draft') return fail;
      if (listing.secrecy !== 'public' && !listing.declassified) return fail;
      if (!ORG_VERIFIED[listing.owner]) return fail;
      return { ok: true, after: { status: 'pending_review' } };
    }
    case 'withdraw':
      return member && actor === listing.owner && listing.status === 'published' ? { ok: true, after: { status: 'withdrawn' } } : fail;
    case 'dossier':
      return member && actor === listing.owner ? { ok: true } : fail;
    case 'approve':
      return actor === 'operator' && listing.status === 'pending_review' && ORG_VERIFIED[listing.owner] ? { ok: true, after: { status: 'published' } } : fail;
    case 'reject':
      return actor === 'operator' && command.withReason && listing.status === 'pending_review' ? { ok: true, after: { status: 'rejected' } } : fail;
    case 'suspend':
      return actor === 'operator' && command.withReason && listing.status === 'published' ? { ok: true, after: { status: 'suspended' } } : fail;
    case 'reinstate':
      return actor === 'operator' && listing.status === 'suspended' && ORG_VERIFIED[listing.owner] ? { ok: true, after: { status: 'published' } } : fail;
  }
}

// --- markers: unique strings that must never appear in anything public ---------------------------

const marker = (label: string) => `${label}${randomBytes(6).toString('hex')}`;
let patentSerial = randomBytes(3).readUIntBE(0, 3) % 5_000_000;
function uniquePatentNumber(): string {
  const digits = `2019${'1'}${String(++patentSerial).padStart(7, '0')}`;
  return `ZL${digits}.${patentCheckCharacter(digits)}`;
}

describe('catalogue property: only published listings are ever public', () => {
  let system: TestSystem;
  let identity: IdentityApi;
  let operator: Session;
  let members: [Session, Session, Session];
  let meili: Meilisearch;
  let indexUid: string;
  /** Every restricted string written so far, in any listing of any run. */
  const secrets = new Set<string>();
  let requests = 0;
  /** Successful commands by kind, over all runs: the property must have reached every transition. */
  const succeeded = new Map<string, number>();
  /** How long each run waited for the outbox to drain into the index. */
  const convergenceMs: number[] = [];

  beforeAll(async () => {
    system = await TestSystem.start(['identity', 'listings', 'worker']);
    identity = new IdentityApi(system);
    operator = await identity.operator();
    members = [await identity.verifiedMember(operator, 'institute'), await identity.verifiedMember(operator, 'enterprise'), await identity.member('institute')];
    for (const member of members) [member.organisationId!, member.userId].forEach((id) => secrets.add(id));
    meili = system.gateway.get(Meilisearch);
    indexUid = catalogueIndexName(system.gateway.get(AppConfig));
  });
  afterAll(() => system?.stop());

  const headersOf = (actor: ActorKey): Record<string, string> =>
    actor === 'anonymous' ? {} : actor === 'operator' ? operator.auth : members[actor].auth;

  /** One HTTP call; a 5xx is never acceptable, whatever was asked. */
  async function call(method: 'get' | 'post' | 'patch' | 'put', path: string, actor: ActorKey, body?: unknown) {
    requests++;
    let pending = request(system.http)[method](path).set(headersOf(actor));
    if (body !== undefined) pending = pending.send(body as object);
    const response = await pending;
    if (response.status >= 500 || response.status < 200 || (response.status >= 300 && response.status < 400)) {
      throw new Error(`${method.toUpperCase()} ${path} as ${actor} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response;
  }

  function restrictedFields(nationalDefence = true) {
    const description = marker('DESC');
    const patentTitle = marker('PTITLE');
    const number = uniquePatentNumber();
    [description, patentTitle, number].forEach((s) => secrets.add(s));
    return { description, patents: [{ number, kind: 'invention', nationalDefence, title: patentTitle }] };
  }

  function declassification() {
    const bare = marker('DECNO');
    const decisionNumber = `科工密解〔2024〕${bare}号`;
    const authority = marker('AUTH');
    secrets.add(bare);
    secrets.add(decisionNumber);
    secrets.add(authority);
    return { decisionNumber, authority, decisionDate: '2024-06-30' };
  }

  async function apply(command: Command, model: ModelListing[], log: string[]) {
    if (command.kind === 'create') {
      const body = {
        title: `性质测试成果 ${model.length + 1}`,
        summary: '随机生成的公开摘要，用于检验目录只含已发布成果。',
        ...restrictedFields(command.nationalDefence),
        direction: command.direction,
        field: 'other',
        ipcCodes: ['G01S 7/48'],
        trl: 5,
        transactionModes: ['transfer'],
        askingPrice: command.negotiable ? null : '880000.00',
        secrecyLevel: command.secrecy,
        declassification: command.declassified ? declassification() : null,
      };
      const expected = predict(command, command.by, null);
      const response = await call('post', '/api/v1/listings', command.by, body);
      log.push(`create by ${command.by} (${command.secrecy}, declassified ${command.declassified}, ${command.direction}) → ${response.status}`);
      expect({ command, ok: response.status < 300 }).toEqual({ command, ok: expected.ok });
      if (response.status < 300) {
        expect(response.body).toMatchObject({ status: 'draft', secrecyLevel: command.secrecy });
        model.push({ id: response.body.id, owner: command.by as OrgIndex, status: 'draft', secrecy: command.secrecy, declassified: command.declassified, direction: command.direction });
      }
      return;
    }

    const applicable = model.filter((l) => APPLIES_TO[command.kind].includes(l.status));
    const listing =
      command.target.smart && applicable.length > 0
        ? applicable[command.target.n % applicable.length]
        : model.length > 0 && command.target.n % 10 !== 9
          ? model[command.target.n % model.length]
          : null;
    const listingId = listing?.id ?? randomUUID();
    const actor: ActorKey =
      command.by !== 'right' ? command.by : OWNER_ACTIONS.has(command.kind) ? (listing?.owner ?? 0) : 'operator';
    const expected = predict(command, actor, listing);
    const reason = 'withReason' in command && command.withReason ? { reason: '随机动作的理由' } : {};
    let response;
    switch (command.kind) {
      case 'edit': {
        const changes: Record<string, unknown> = { summary: `修改后的公开摘要 ${randomBytes(2).toString('hex')}` };
        if (command.description) Object.assign(changes, { description: restrictedFields().description });
        if (command.secrecy) changes.secrecyLevel = command.secrecy;
        if (command.declassification) changes.declassification = command.declassification === 'add' ? declassification() : null;
        if (command.direction) changes.direction = command.direction;
        response = await call('patch', `/api/v1/listings/${listingId}`, actor, changes);
        break;
      }
      case 'submit':
        response = await call('post', `/api/v1/listings/${listingId}/submit`, actor);
        break;
      case 'withdraw':
        response = await call('post', `/api/v1/listings/${listingId}/withdraw`, actor, reason);
        break;
      case 'dossier': {
        const content = marker('DOSSIER');
        secrets.add(content);
        response = await call('put', `/api/v1/listings/${listingId}/dossier`, actor, { content: `受限技术资料 ${content}` });
        break;
      }
      default:
        response = await call('post', `/api/v1/admin/listings/${listingId}/${command.kind}`, actor, reason);
    }
    log.push(`${command.kind} #${listing ? model.indexOf(listing) : 'missing'} (${listing?.status ?? '-'}) by ${actor} → ${response.status}`);
    expect({ log, ok: response.status < 300 }).toEqual({ log, ok: expected.ok });
    if (listing && expected.ok && expected.after) Object.assign(listing, expected.after);
    if (expected.ok) succeeded.set(command.kind, (succeeded.get(command.kind) ?? 0) + 1);
  }

  async function databaseListings() {
    return withTestDatabase(async (client) => {
      const { rows } = await client.query<{ id: string; status: Status; secrecy_level: Level; declassification: unknown }>(
        'SELECT id, status, secrecy_level, declassification FROM listings.listings',
      );
      const { rows: outbox } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM listings.catalogue_outbox WHERE processed_at IS NULL');
      return { rows, pendingOutbox: outbox[0].n };
    });
  }

  async function indexedDocuments(): Promise<Record<string, unknown>[]> {
    const result = await meili
      .index(indexUid)
      .getDocuments({ limit: 10_000 })
      .catch((error: { cause?: { code?: string } }) => {
        if (error?.cause?.code === 'index_not_found') return { results: [] };
        throw error;
      });
    return result.results as Record<string, unknown>[];
  }

  function assertNothingRestricted(what: string, value: unknown) {
    const text = JSON.stringify(value);
    const leaked = [...secrets].filter((secret) => text.includes(secret));
    expect({ what, leaked }).toEqual({ what, leaked: [] });
    const keys = FORBIDDEN_KEYS.filter((key) => text.includes(`"${key}"`));
    expect({ what, keys }).toEqual({ what, keys: [] });
    // Secrecy levels above public are no public field's value.
    const levels = ['internal', 'secret', 'confidential'].filter((value) => text.includes(`"${value}"`));
    expect({ what, levels }).toEqual({ what, levels: [] });
  }

  /** Waits until the outbox is drained and the index holds exactly what the database says is published. */
  async function converged() {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [{ rows, pendingOutbox }, documents] = await Promise.all([databaseListings(), indexedDocuments()]);
      const published = rows.filter((r) => r.status === 'published').map((r) => r.id).sort();
      const indexed = documents.map((d) => d.id as string).sort();
      if (pendingOutbox === 0 && JSON.stringify(indexed) === JSON.stringify(published)) return { rows, documents, published: new Set(published) };
      if (Date.now() > deadline) {
        expect({ pendingOutbox, indexed, extra: indexed.filter((id) => !published.includes(id)) }).toEqual({
          pendingOutbox: 0,
          indexed: published,
          extra: [],
        });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('index and anonymous API show exactly the published listings, and only their public part', async () => {
    const started = Date.now();
    let runs = 0;
    let everPublished = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (commands) => {
        runs++;
        const model: ModelListing[] = [];
        const log: string[] = [];
        for (const command of commands) await apply(command, model, log);
        if (process.env.PROPERTY_LOG) process.stdout.write(log.join('\n') + '\n---\n');

        const waitStarted = Date.now();
        const { rows, documents, published } = await converged();
        convergenceMs.push(Date.now() - waitStarted);
        const byId = new Map(rows.map((r) => [r.id, r]));

        // The database agrees with the model on every listing of this run.
        expect({ log, statuses: model.map((l) => byId.get(l.id)?.status) }).toEqual({ log, statuses: model.map((l) => l.status) });
        everPublished += model.filter((l) => l.status === 'published').length;

        // The declassification gate: nothing above public is published without its record.
        for (const row of rows.filter((r) => r.status === 'published')) {
          expect({ id: row.id, gated: row.secrecy_level === 'public' || row.declassification !== null }).toEqual({ id: row.id, gated: true });
        }

        // The index: exactly the published listings (checked by converged), only their public part.
        for (const document of documents) {
          expect(published.has(document.id as string)).toBe(true);
          assertNothingRestricted(`index document ${document.id}`, document);
        }

        // Anonymous reads: 200 for published listings, 404 for every other one.
        for (const listing of model) {
          const response = await call('get', `/api/v1/listings/${listing.id}`, 'anonymous');
          expect({ id: listing.id, status: listing.status, http: response.status }).toEqual({
            id: listing.id,
            status: listing.status,
            http: published.has(listing.id) ? 200 : 404,
          });
          if (response.status === 200) {
            expect(Object.keys(response.body).sort()).toEqual(['visibility', ...PUBLIC_KEYS].sort());
            expect(response.body.visibility).toBe('public');
          }
          assertNothingRestricted(`GET /listings/${listing.id}`, response.body);
        }

        // The anonymous catalogue: the same set, nothing restricted.
        const catalogue = await call('get', '/api/v1/catalogue?pageSize=100&sort=newest', 'anonymous');
        expect(catalogue.body.total).toBe(published.size);
        if (published.size <= 100) expect(catalogue.body.hits.map((h: { listing: { id: string } }) => h.listing.id).sort()).toEqual([...published].sort());
        assertNothingRestricted('GET /catalogue', catalogue.body);
        const searched = await call('get', `/api/v1/catalogue?q=${encodeURIComponent('性质测试成果')}&pageSize=100&ipc=G01S%207%2F48`, 'anonymous');
        // Every listing here has that title and code, so the search must find exactly the published ones.
        expect(searched.body.hits.map((h: { listing: { id: string } }) => h.listing.id).sort()).toEqual([...published].sort());
        assertNothingRestricted('GET /catalogue?q', searched.body);
      }),
      { numRuns: 25, endOnFailure: true, examples: [[EVERY_TRANSITION]] },
    );
    // Finally every listing of every run, and ids that never existed: 200 exactly for the published ones.
    const { rows } = await databaseListings();
    for (const row of rows) {
      const response = await call('get', `/api/v1/listings/${row.id}`, 'anonymous');
      expect({ id: row.id, status: row.status, http: response.status }).toEqual({ id: row.id, status: row.status, http: row.status === 'published' ? 200 : 404 });
      assertNothingRestricted(`GET /listings/${row.id}`, response.body);
    }
    for (let i = 0; i < 5; i++) await call('get', `/api/v1/listings/${randomUUID()}`, 'anonymous').then((r) => expect(r.status).toBe(404));

    // The property is only meaningful if the runs reached every corner.
    process.stdout.write(
      `catalogue property: ${runs} runs, ${requests} requests, ${everPublished} listings ending published, ` +
        `successes ${JSON.stringify(Object.fromEntries(succeeded))}, waits for the index ${JSON.stringify(convergenceMs)} ms, ${Date.now() - started} ms\n`,
    );

    expect(runs).toBeGreaterThanOrEqual(25);
    // The hand-written sequence alone reaches each of these; random runs add to the counts.
    expect(everPublished).toBeGreaterThanOrEqual(1);
    expect(succeeded.get('approve') ?? 0).toBeGreaterThanOrEqual(3);
    for (const kind of ['edit', 'submit', 'approve', 'reject', 'suspend', 'reinstate', 'withdraw', 'dossier']) {
      expect({ kind, reached: (succeeded.get(kind) ?? 0) > 0 }).toEqual({ kind, reached: true });
    }
  }, 120_000);
});
