import { AuctionsApi } from './auctions';
import { IdentityApi, Session } from './identity';
import { ListingsApi } from './listings';
import { ServiceAppName, TestSystem } from './system';

/** A started system with the API clients most e2e files use, and an operator signed in. */
export interface Scenario {
  system: TestSystem;
  identity: IdentityApi;
  listings: ListingsApi;
  auctions: AuctionsApi;
  operator: Session;
}

/**
 * Starts `apps` (see `TestSystem.start`) and creates the clients and an operator: the start-up the auction and
 * bad-input e2e files each repeated. The caller stops `system` in its `afterAll`. A client whose service is not
 * started is harmless until used. Typical use, with the names declared once and set before the tests run:
 *
 *     let { system, identity, operator } = {} as Scenario;
 *     beforeAll(async () => {
 *       ({ system, identity, operator } = await startScenario(['identity']));
 *     });
 *     afterAll(() => system?.stop());
 */
export async function startScenario(apps: ServiceAppName[], options: { gateways?: number } = {}): Promise<Scenario> {
  const system = await TestSystem.start(apps, options);
  const identity = new IdentityApi(system);
  try {
    return { system, identity, listings: new ListingsApi(system), auctions: new AuctionsApi(system), operator: await identity.operator() };
  } catch (error) {
    // The caller never gets `system` to stop: stop it here, or its apps keep Jest from exiting.
    await system.stop();
    throw error;
  }
}
