import { tradeChangeNotices, tradeCreatedNotices, tradeFlaggedNotices } from './trade-notices';

describe('trade notices', () => {
  const trade = { id: 't-1', sellerOrganisationId: 'org-seller', buyerOrganisationId: 'org-buyer' };

  it('tells both parties a trade was created, once per trade', () => {
    expect(tradeCreatedNotices(trade)).toEqual([
      {
        key: 'trade.created:t-1',
        kind: 'trade.created',
        recipientOrganisationIds: ['org-seller', 'org-buyer'],
        recipientUserIds: [],
        title: '交易已创建 (trade created)',
        body: '交易 t-1 待卖方提出合同条款并由双方签署。',
        subject: { type: 'trade', id: 't-1' },
      },
    ]);
  });

  it('tells both parties of each step, one key per step version; nobody else', () => {
    const [signed] = tradeChangeNotices('trade.signature_given', { ...trade, status: 'signed' }, '2025-01-01T00:00:00.000Z');
    expect(signed).toMatchObject({
      key: 'trade.signature_given:t-1:2025-01-01T00:00:00.000Z',
      recipientOrganisationIds: ['org-seller', 'org-buyer'],
      body: '交易 t-1 当前状态：已签署 (signed)。',
    });
    expect(signed.recipientOperators).toBeUndefined();
    expect(tradeChangeNotices('trade.paid', { ...trade, status: 'paid' }, 'v2')).toHaveLength(1);
  });

  it('also tells the operators when a dispute is opened, with the reason, and only them', () => {
    const notices = tradeChangeNotices('trade.disputed', { ...trade, status: 'disputed' }, 'v3', 'The seller refuses to hand over the drawings');
    expect(notices.map((n) => n.kind)).toEqual(['trade.disputed', 'trade.dispute_opened']);
    expect(notices[1]).toMatchObject({
      key: 'trade.dispute_opened:t-1:v3',
      recipientOrganisationIds: [],
      recipientUserIds: [],
      recipientOperators: true,
      subject: { type: 'trade', id: 't-1' },
      body: expect.stringContaining('The seller refuses to hand over the drawings'),
    });
    // The resolution goes to the parties only: the operator made it.
    expect(tradeChangeNotices('trade.dispute_resolved', { ...trade, status: 'completed' }, 'v4').map((n) => n.kind)).toEqual(['trade.dispute_resolved']);
  });

  it('keeps a long dispute reason within the inbox limit', () => {
    const [, operators] = tradeChangeNotices('trade.disputed', { ...trade, status: 'disputed' }, 'v', '理'.repeat(5000));
    expect(operators.body.length).toBe(4000);
    expect(operators.body.endsWith('…')).toBe(true);
  });

  it('reminds the parties of an overdue signature and tells the operators to follow up, one key each per trade', () => {
    const notices = tradeFlaggedNotices(trade);
    expect(notices.map((n) => [n.key, n.recipientOrganisationIds, n.recipientOperators ?? false])).toEqual([
      ['trade.signature_overdue:t-1', ['org-seller', 'org-buyer'], false],
      ['trade.flagged:t-1', [], true],
    ]);
  });
});
