import { relayStepFor } from './notification-outbox-relay';

describe('what the notification relay does with a claimed outbox row', () => {
  it('queues a delivery job when there is none (never queued, or lost with Redis)', () => {
    expect(relayStepFor('unknown')).toBe('queue');
  });

  it('acknowledges the row when its job completed (the inbox holds it; only the acknowledgement was lost)', () => {
    expect(relayStepFor('completed')).toBe('acknowledge');
  });

  it('retries a job whose retries were spent, so the row is not stuck behind its job id', () => {
    expect(relayStepFor('failed')).toBe('retry');
  });

  it.each(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'] as const)('leaves a job that is %s to finish', (state) => {
    expect(relayStepFor(state)).toBe('leave');
  });
});
