import { readAppConfig } from '@lib/config';
import request from 'supertest';
import { GatewayCall, loadDemoCatalogue, measureMatching, QualityRun, readLabels, reportLines } from '../../scripts/matching-quality';
import { withTestDatabase } from '../support/database';
import { Session } from '../support/identity';
import { Scenario, startScenario } from '../support/scenario';

/**
 * The matching quality check in CI: the demo catalogue loaded into a test system, every labelled
 * demand posted and matched through the gateway, and precision@5 and recall@20 printed. The floors
 * catch a matcher that got clearly worse; the figures themselves are in README.md and docs/matching.md.
 */
const PRECISION_AT_5_FLOOR = 0.4;
const RECALL_AT_20_FLOOR = 0.8;

describe('matching quality on the demo catalogue', () => {
  let { system, identity, operator } = {} as Scenario;
  let enterprise: Session;
  let institute: Session;
  let run: QualityRun;

  beforeAll(async () => {
    ({ system, identity, operator } = await startScenario(['identity', 'listings', 'matching']));
    enterprise = await identity.verifiedMember(operator, 'enterprise');
    institute = await identity.verifiedMember(operator, 'institute');
  });
  afterAll(() => system?.stop());

  it('measures precision@5 and recall@20 of the matcher against the labelled demands', async () => {
    const labels = readLabels();
    expect(labels.demands.length).toBeGreaterThanOrEqual(50);
    const ids = await withTestDatabase((db) => loadDemoCatalogue(db, readAppConfig('cli'), labels.catalogue.count, labels.catalogue.seed));
    const call: GatewayCall = async (method, path, token, body) => {
      const response = await (method === 'GET' ? request(system.http).get(path) : request(system.http).post(path).send(body as object)).set('Authorization', `Bearer ${token}`);
      return { status: response.status, body: response.body };
    };
    run = await measureMatching(call, { enterprise: enterprise.accessToken, institute: institute.accessToken }, labels, ids);
    console.log(reportLines(run, process.env.MATCHING_QUALITY_VERBOSE === '1').join('\n'));
    expect(run.demands).toBe(labels.demands.length);
    expect(run.precisionAt5).toBeGreaterThanOrEqual(PRECISION_AT_5_FLOOR);
    expect(run.recallAt20).toBeGreaterThanOrEqual(RECALL_AT_20_FLOOR);
  }, 300_000);
});
