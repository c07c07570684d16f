import { randomUUID } from 'node:crypto';
import { MatchingPartiesPatterns, PartiesOfListingAnswer } from '@lib/contracts';
import { DomainError } from '@lib/errors';
import { ServiceClient } from '@lib/messaging';
import { withTestDatabase } from '../support/database';
import { TestSystem } from '../support/system';

/** The conflict-of-interest question evaluation asks matching: who expressed interest in or negotiated for a listing. */
describe('matching: parties of a listing', () => {
  let system: TestSystem;
  const ask = (listingId: string) =>
    system.gateway.get(ServiceClient).send<PartiesOfListingAnswer>(MatchingPartiesPatterns.partiesOfListing, { actor: null, input: { listingId } });

  beforeAll(async () => {
    system = await TestSystem.start(['matching']);
  });
  afterAll(() => system?.stop());

  async function interest(listingId: string, seller: string, buyer: string, status: string, isOpen: boolean): Promise<string> {
    const id = randomUUID();
    await withTestDatabase((db) =>
      db.query(
        `INSERT INTO matching.interests (id, listing_id, listing_title, seller_organisation_id, buyer_organisation_id, created_by, message, status, is_open)
         VALUES ($1, $2, 'title', $3, $4, $5, 'interested', $6, $7)`,
        [id, listingId, seller, buyer, randomUUID(), status, isOpen],
      ),
    );
    return id;
  }

  it('names every organisation that expressed interest or negotiated, whatever the outcome, each once', async () => {
    const listingId = randomUUID();
    const seller = randomUUID();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await interest(listingId, seller, a, 'pending', true);
    await interest(listingId, seller, b, 'declined', false);
    await interest(listingId, seller, b, 'withdrawn', false);
    const accepted = await interest(listingId, seller, c, 'accepted', true);
    await withTestDatabase((db) =>
      db.query(
        `INSERT INTO matching.negotiations (id, interest_id, listing_id, listing_title, seller_organisation_id, buyer_organisation_id, status)
         VALUES ($1, $2, $3, 'title', $4, $5, 'open')`,
        [randomUUID(), accepted, listingId, seller, c],
      ),
    );
    await interest(randomUUID(), seller, randomUUID(), 'pending', true); // another listing

    const answer = await ask(listingId);
    expect(answer.organisationIds).toEqual([a, b, c].sort());
    expect(answer.organisationIds).not.toContain(seller);
  });

  it('answers an empty list for a listing nobody approached, and refuses a malformed id', async () => {
    expect(await ask(randomUUID())).toEqual({ organisationIds: [] });
    const refusal = await ask('not-a-uuid').catch((error: DomainError) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).toPayload()).toMatchObject({ code: 'REQUEST.INVALID', fields: [{ field: 'listingId' }] });
  });

  it('holds one open interest per (listing, organisation) in the database', async () => {
    const listingId = randomUUID();
    const seller = randomUUID();
    const buyer = randomUUID();
    await interest(listingId, seller, buyer, 'pending', true);
    await expect(interest(listingId, seller, buyer, 'pending', true)).rejects.toThrow(/interests_one_open_per_buyer/);
    await interest(listingId, seller, buyer, 'declined', false);
  });
});
