import { DomainError } from '@lib/errors';
import { assertCanResubmit, assertCapability, capabilitiesOf, nextOrganisationStatus } from './organisation-status';

describe('organisation status machine', () => {
  it.each([
    ['pending', 'verify', 'verified'],
    ['pending', 'reject', 'rejected'],
    ['pending', 'suspend', 'suspended'],
    ['verified', 'suspend', 'suspended'],
  ] as const)('%s --%s--> %s', (from, decision, to) => {
    expect(nextOrganisationStatus(from, decision, 'a reason', false)).toBe(to);
  });

  it('reinstates a suspended organisation to verified if it had been verified, else to pending', () => {
    expect(nextOrganisationStatus('suspended', 'reinstate', undefined, true)).toBe('verified');
    expect(nextOrganisationStatus('suspended', 'reinstate', undefined, false)).toBe('pending');
  });

  it.each([
    ['verified', 'verify'],
    ['verified', 'reject'],
    ['rejected', 'verify'],
    ['rejected', 'suspend'],
    ['suspended', 'verify'],
    ['suspended', 'suspend'],
    ['pending', 'reinstate'],
    ['verified', 'reinstate'],
  ] as const)('refuses to %2$s an organisation that is %1$s', (from, decision) => {
    expect(() => nextOrganisationStatus(from, decision, 'reason', true)).toThrow(
      expect.objectContaining({ code: 'ORGANISATION.INVALID_TRANSITION', kind: 'conflict' }),
    );
  });

  it.each(['reject', 'suspend'] as const)('requires a reason to %s', (decision) => {
    const attempt = () => nextOrganisationStatus('pending', decision, undefined, false);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'ORGANISATION.REASON_REQUIRED', kind: 'validation' }));
  });

  it('lets only a rejected organisation resubmit', () => {
    expect(() => assertCanResubmit('rejected')).not.toThrow();
    for (const status of ['pending', 'verified', 'suspended'] as const) expect(() => assertCanResubmit(status)).toThrow();
  });
});

describe('capabilities by status', () => {
  it('a verified organisation may do everything', () => {
    expect(Object.values(capabilitiesOf('verified')).every(Boolean)).toBe(true);
  });

  it.each(['pending', 'rejected'] as const)('a %s organisation prepares but cannot publish, bid or sign', (status) => {
    expect(capabilitiesOf(status)).toEqual({
      draft: true,
      inviteMembers: true,
      submitQualifications: true,
      publish: false,
      bid: false,
      sign: false,
    });
  });

  it('a suspended organisation can do nothing but read', () => {
    expect(Object.values(capabilitiesOf('suspended')).some(Boolean)).toBe(false);
  });

  it('explains a refusal by the status', () => {
    expect(() => assertCapability('pending', 'publish')).toThrow(expect.objectContaining({ code: 'ORGANISATION.NOT_VERIFIED', kind: 'forbidden' }));
    expect(() => assertCapability('suspended', 'bid')).toThrow(expect.objectContaining({ code: 'ORGANISATION.SUSPENDED', kind: 'forbidden' }));
    expect(() => assertCapability('verified', 'sign')).not.toThrow();
  });
});
