import { creditCodeCheckCharacter } from '@lib/contracts';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { JsonClient } from './load';

/**
 * Setting the stage through the public API, as a user would: organisations registered, verified by
 * an operator, a listing submitted and approved, an auction created, wallets topped up and bidders
 * registered. The same steps as test/support, over plain HTTP so the bench needs no test tooling.
 */

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A random, checksum-valid unified social credit code (region 510700, Mianyang). */
function randomCreditCode(): string {
  let body = '91510700';
  for (let i = 0; i < 9; i++) body += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return body + creditCodeCheckCharacter(body);
}

export const benchEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@bench.example.cn`;
export const BENCH_PASSWORD = `bench-${randomBytes(12).toString('hex')}`;

export interface Session {
  email: string;
  organisationId: string | null;
  headers: { authorization: string };
  /** When the access token was issued (performance.now()); `Stage.refresh` renews old ones in place. */
  issuedAt: number;
}

export class BenchApi {
  constructor(readonly http: JsonClient) {}

  async login(email: string, organisationId: string | null = null): Promise<Session> {
    const tokens = await this.http.expect(200, 'POST', '/api/v1/auth/login', { email, password: BENCH_PASSWORD });
    return { email, organisationId, headers: { authorization: `Bearer ${tokens.accessToken}` }, issuedAt: performance.now() };
  }

  /** Registers an organisation (its admin user with it), has the operator verify it, and logs the admin in. */
  async verifiedMember(operator: Session, kind: 'institute' | 'enterprise', index: number): Promise<Session> {
    const email = benchEmail(kind);
    const me = await this.http.expect(201, 'POST', '/api/v1/auth/register', {
      email,
      password: BENCH_PASSWORD,
      displayName: kind === 'institute' ? '李研究员' : `竞买人${index}`,
      organisation: {
        name: kind === 'institute' ? '绵阳基准测试研究所' : `绵阳基准测试科技有限公司${index}`,
        kind,
        creditCode: randomCreditCode(),
        regionCode: '510700',
      },
    });
    await this.http.expect(200, 'POST', `/api/v1/admin/organisations/${me.organisation.id}/verify`, {}, operator.headers);
    return this.login(email, me.organisation.id);
  }

  /** A listing drafted by the seller, submitted, and approved by the operator. */
  async publishedListing(seller: Session, operator: Session): Promise<{ id: string }> {
    const listing = await this.http.expect(
      201,
      'POST',
      '/api/v1/listings',
      {
        title: '高超声速风洞气动测试技术（基准测试）',
        summary: '基于脉冲风洞的高超声速飞行器气动力与热环境测试方法，适用于 hypersonic wind tunnel testing。',
        description: '测试段马赫数 5-10，试验时间 20 ms，测力天平精度 0.3%。',
        direction: 'mil_to_civ',
        field: 'aerodynamics',
        ipcCodes: ['G01M 9/06'],
        trl: 6,
        patents: [],
        transactionModes: ['transfer'],
        askingPrice: '1000000.00',
        secrecyLevel: 'public',
        declassification: null,
      },
      seller.headers,
    );
    await this.http.expect(200, 'POST', `/api/v1/listings/${listing.id}/submit`, undefined, seller.headers);
    await this.http.expect(200, 'POST', `/api/v1/admin/listings/${listing.id}/approve`, {}, operator.headers);
    return listing;
  }

  async createAuction(seller: Session, body: Record<string, unknown>): Promise<{ id: string }> {
    return this.http.expect(201, 'POST', '/api/v1/auctions', body, seller.headers);
  }

  /** Credits an organisation's wallet: an operator confirms a payment received. */
  async topUp(operator: Session, member: Session, amount: string): Promise<void> {
    await this.http.expect(201, 'POST', '/api/v1/admin/payments/top-ups', { organisationId: member.organisationId, amount, reference: `BENCH-${randomUUID()}` }, operator.headers);
  }

  /** Tops up the bidder's wallet (an operator-confirmed payment) and registers it, holding the deposit. */
  async registeredBidder(operator: Session, bidder: Session, auctionId: string, amount: string): Promise<{ id: string; alias: string }> {
    await this.http.expect(
      201,
      'POST',
      '/api/v1/admin/payments/top-ups',
      { organisationId: bidder.organisationId, amount, reference: `BENCH-${randomUUID()}` },
      operator.headers,
    );
    return this.http.expect(200, 'POST', `/api/v1/auctions/${auctionId}/registrations`, undefined, bidder.headers);
  }
}

/** Runs `work` over `items` with at most `limit` at a time (setup is quicker in parallel, but argon2 hashing is CPU-bound). */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * The people every benchmark needs, made once per run through the public API and shared: an
 * operator, a seller (a verified institute) and as many verified enterprises as the largest
 * benchmark asks for. Registration and login hash passwords (argon2), so making them once saves
 * the run minutes of CPU on the cores it measures with.
 */
export class Stage {
  readonly api: BenchApi;
  private operatorSession: Promise<Session> | null = null;
  private sellerSession: Promise<Session> | null = null;
  private readonly enterpriseSessions: Promise<Session>[] = [];

  constructor(
    readonly http: JsonClient,
    private readonly createOperator: (email: string, name: string, password: string) => void,
  ) {
    this.api = new BenchApi(http);
  }

  operator(): Promise<Session> {
    this.operatorSession ??= (async () => {
      const email = benchEmail('operator');
      this.createOperator(email, '基准值班员', BENCH_PASSWORD);
      return this.api.login(email);
    })();
    return this.operatorSession;
  }

  /** The seller: a verified institute (it may list in either direction). */
  seller(): Promise<Session> {
    this.sellerSession ??= this.operator().then((operator) => this.api.verifiedMember(operator, 'institute', 0));
    return this.sellerSession;
  }

  /**
   * Logs in again, in place, every session whose access token is older than `olderThanMinutes`
   * (the bench sets the longest lifetime allowed, an hour; a full run can last longer).
   */
  async refresh(olderThanMinutes = 30): Promise<void> {
    const sessions = await Promise.all([this.operatorSession, this.sellerSession, ...this.enterpriseSessions].filter((s): s is Promise<Session> => s !== null));
    const old = sessions.filter((session) => performance.now() - session.issuedAt > olderThanMinutes * 60_000);
    await inParallel(old, 4, async (session) => {
      const renewed = await this.api.login(session.email, session.organisationId);
      session.headers.authorization = renewed.headers.authorization;
      session.issuedAt = renewed.issuedAt;
    });
  }

  /** The first `count` verified enterprises (made four at a time, as needed). */
  async enterprises(count: number): Promise<Session[]> {
    const operator = await this.operator();
    const missing = Array.from({ length: Math.max(0, count - this.enterpriseSessions.length) }, (_, i) => this.enterpriseSessions.length + i + 1);
    const made = inParallel(missing, 4, (index) => this.api.verifiedMember(operator, 'enterprise', index));
    missing.forEach((_, i) => this.enterpriseSessions.push(made.then((sessions) => sessions[i])));
    return Promise.all(this.enterpriseSessions.slice(0, count));
  }
}
