import { notificationJobId } from '@lib/contracts';
import { modeLabel, Notices } from './negotiation-notices';

describe('what each step of the loop tells the other party', () => {
  const listingTitle = '高超声速风洞气动测试技术';

  it('addresses the other party’s organisation only, never named users', () => {
    const expressed = Notices.interestExpressed({ interestId: 'i1', listingTitle, sellerOrganisationId: 'seller', message: '希望洽谈' });
    expect(expressed).toEqual({
      key: 'interest.expressed:i1',
      kind: 'interest.expressed',
      recipientOrganisationIds: ['seller'],
      recipientUserIds: [],
      title: `新的合作意向：${listingTitle}`,
      body: '希望洽谈',
      subject: { type: 'interest', id: 'i1' },
    });
    const accepted = Notices.interestAccepted({ interestId: 'i1', negotiationId: 'n1', listingTitle, buyerOrganisationId: 'buyer', message: null });
    expect(accepted).toMatchObject({ recipientOrganisationIds: ['buyer'], subject: { type: 'negotiation', id: 'n1' }, body: expect.stringContaining('洽谈') });
  });

  it('keys each step by what happened, so a repeated request is one inbox entry and distinct steps are distinct', () => {
    const offer = (offerId: string, counter: boolean) =>
      Notices.offerMade({ offerId, negotiationId: 'n1', listingTitle, to: 'buyer', amount: '1200000.00', mode: 'exclusive_licence', counter });
    expect(offer('o1', false).key).toBe(offer('o1', false).key);
    expect(offer('o1', false).key).not.toBe(offer('o2', false).key);
    expect(offer('o1', true).kind).toBe('negotiation.counter-offer');
    expect(offer('o1', false).body).toBe('1200000.00 元，独占许可 (exclusive_licence)');
    const answered = (outcome: 'accepted' | 'rejected' | 'withdrawn') =>
      Notices.offerAnswered({ offerId: 'o1', negotiationId: 'n1', listingTitle, to: 'seller', outcome, amount: '1.00', note: null });
    expect(new Set(['accepted', 'rejected', 'withdrawn'].map((o) => answered(o as 'accepted').key)).size).toBe(3);
    expect(answered('accepted').kind).toBe('negotiation.agreed');
  });

  it('clips long messages and keeps the text whole otherwise', () => {
    const long = '长'.repeat(600);
    const posted = Notices.messagePosted({ messageId: 'm1', negotiationId: 'n1', listingTitle, to: 'seller', body: long });
    expect(posted.body).toHaveLength(500);
    expect(posted.body.endsWith('…')).toBe(true);
    expect(Notices.negotiationWithdrawn({ negotiationId: 'n1', listingTitle, to: 'buyer', reason: '预算调整' }).body).toBe('预算调整');
  });

  it('labels every transaction mode in Chinese with its code', () => {
    expect(modeLabel('transfer')).toBe('转让 (transfer)');
    expect(modeLabel('equity_investment')).toBe('作价入股 (equity_investment)');
  });

  it('turns any key into a BullMQ job id without a colon, keeping distinct keys distinct', () => {
    expect(notificationJobId('trade.signed:abc')).toBe('notification-trade.signed%3Aabc');
    expect(notificationJobId('a:b')).not.toBe(notificationJobId('a%3Ab'));
    expect(notificationJobId('a:b:c:d')).not.toContain(':');
  });
});
