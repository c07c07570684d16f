import { INestMicroservice } from '@nestjs/common';
import request from 'supertest';
import { DeadlineAnswer, DueDeadline, EvaluationPatterns } from '@lib/contracts';
import { ServiceClient } from '@lib/messaging';
import { EvaluationApi, reviewBody } from '../support/evaluation';
import { Session } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';
import { startService } from '../support/system';

/**
 * What the worker's sweep relies on, without the worker: reminders and deadlines that came and went
 * without their job are found from PostgreSQL and handled once each; a result published while the
 * listings service was down reaches the listing when it is back.
 */
describe('evaluation recovers what a lost job or a missing service left undone', () => {
  let { system, identity, listings, operator } = {} as Scenario;
  let evaluations: EvaluationApi;
  let owner: Session;
  let panel: Session[];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const services = () => system.gateway.get(ServiceClient);
  const due = () => services().send<DueDeadline[]>(EvaluationPatterns.deadlinesDue, { actor: null, input: { limit: 1000 } });
  const handle = (assignmentId: string, kind: 'reminder' | 'missed') =>
    services().send<DeadlineAnswer>(EvaluationPatterns.deadline, { actor: null, input: { assignmentId, kind } });

  beforeAll(async () => {
    // No worker: nothing runs the delayed jobs, as if Redis had lost them.
    ({ system, identity, listings, operator } = await startScenario(['identity', 'listings', 'auction', 'evaluation', 'matching']));
    evaluations = new EvaluationApi(system);
    owner = await identity.verifiedMember(operator, 'institute');
    panel = await evaluations.experts(operator, 3);
  });
  afterAll(() => system?.stop());

  it('finds due reminders and deadlines from PostgreSQL and handles each once', async () => {
    const listing = await listings.published(owner, operator);
    const evaluation = await evaluations.requested(owner, listing.id);
    const started = Date.now();
    await evaluations.assigned(operator, evaluation.id, panel, new Date(started + 2000).toISOString());
    await evaluations.reviewedBy(panel.slice(0, 2), evaluation.id);
    const waiting = (await evaluations.assignmentOf(panel[2], evaluation.id)).id;
    const mine = (ds: DueDeadline[]) => ds.filter((d) => d.assignmentId === waiting).map((d) => d.kind);

    expect(mine(await due())).toEqual([]);
    expect(await handle(waiting, 'missed')).toMatchObject({ state: 'not_due' });

    await sleep(started + 1200 - Date.now());
    expect(mine(await due())).toEqual(['reminder']);
    expect(await handle(waiting, 'reminder')).toEqual({ state: 'done', already: false });
    expect(await handle(waiting, 'reminder')).toEqual({ state: 'done', already: true });
    expect(mine(await due())).toEqual([]);

    await sleep(started + 2200 - Date.now());
    expect(mine(await due())).toEqual(['missed']);
    expect(await handle(waiting, 'missed')).toEqual({ state: 'done', already: false });
    expect(await handle(waiting, 'missed')).toEqual({ state: 'done', already: true });
    expect(mine(await due())).toEqual([]);

    const submitted = (await evaluations.assignmentOf(panel[0], evaluation.id)).id;
    expect(await handle(submitted, 'missed')).toMatchObject({ state: 'not_applicable', reason: 'the assignment is submitted' });
    const seen = (await evaluations.get(operator, evaluation.id).expect(200)).body;
    expect(seen.panel.map((m: { missed: boolean; remindedAt: string | null }) => [m.missed, m.remindedAt !== null])).toEqual([
      [false, false],
      [false, false],
      [true, true],
    ]);
  });

  it('publishes with the listings service down, and records the result on the listing once it is back', async () => {
    const listing = await listings.published(owner, operator);
    const evaluation = await evaluations.requested(owner, listing.id);
    await evaluations.assigned(operator, evaluation.id, panel);
    await evaluations.reviewedBy(panel.slice(0, 2), evaluation.id, [reviewBody(70), reviewBody(72)]);

    await (system.services.get('listings') as INestMicroservice).close();
    try {
      await evaluations.reviewedBy([panel[2]], evaluation.id, [reviewBody(74)]);
      expect((await evaluations.get(operator, evaluation.id).expect(200)).body).toMatchObject({ status: 'published', result: { score: 72, grade: 'B' } });
    } finally {
      system.services.set('listings', await startService('listings'));
    }
    expect((await request(system.http).get(`/api/v1/listings/${listing.id}`).expect(200)).body.evaluation).toBeNull();

    expect(await services().send(EvaluationPatterns.syncListings, { actor: null, input: {} })).toEqual({ recorded: 1, pending: 1 });
    expect((await request(system.http).get(`/api/v1/listings/${listing.id}`).expect(200)).body.evaluation).toMatchObject({ grade: 'B', score: 72, experts: 3 });
    expect(await services().send(EvaluationPatterns.syncListings, { actor: null, input: {} })).toEqual({ recorded: 0, pending: 0 });
  });
});
