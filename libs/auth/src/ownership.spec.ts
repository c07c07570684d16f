import { Actor } from './actor';
import { actingOrganisationOf, assertOrganisationObjectOwned, canSeeOrganisationObject } from './ownership';
import { Role } from './roles';

const ORG = '5d1f3c1e-0000-4000-8000-000000000001';
const OTHER = '5d1f3c1e-0000-4000-8000-000000000002';
const actor = (role: Role, organisationId: string | null): Actor => ({ userId: 'u', role, organisationId, isOrganisationAdmin: false, sessionId: 's' });

describe('object ownership', () => {
  it('lets the members of the owner organisation and operators see its object, nobody else', () => {
    expect(canSeeOrganisationObject(actor(Role.institute, ORG), ORG)).toBe(true);
    expect(canSeeOrganisationObject(actor(Role.enterprise, ORG), ORG)).toBe(true);
    expect(canSeeOrganisationObject(actor(Role.operator, null), ORG)).toBe(true);
    expect(canSeeOrganisationObject(actor(Role.institute, OTHER), ORG)).toBe(false);
    expect(canSeeOrganisationObject(null, ORG)).toBe(false);
  });

  it('gives an expert nothing of the organisation it is affiliated with (recorded for conflicts of interest only)', () => {
    const expert = actor(Role.expert, ORG);
    expect(actingOrganisationOf(expert)).toBeNull();
    expect(canSeeOrganisationObject(expert, ORG)).toBe(false);
    expect(() => assertOrganisationObjectOwned(expert, ORG, 'listing', 'x')).toThrow('listing not found');
  });

  it('lets only members change an object of their organisation', () => {
    expect(() => assertOrganisationObjectOwned(actor(Role.institute, ORG), ORG, 'listing', 'x')).not.toThrow();
    expect(() => assertOrganisationObjectOwned(actor(Role.operator, ORG), ORG, 'listing', 'x')).toThrow('listing not found');
    expect(() => assertOrganisationObjectOwned(actor(Role.institute, OTHER), ORG, 'listing', 'x')).toThrow('listing not found');
  });
});
