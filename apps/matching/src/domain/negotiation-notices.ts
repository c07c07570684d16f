import type { NotificationRequest, TransactionMode } from '@lib/contracts';

/**
 * What each step of the loop tells the other party, as notification requests. Keys are stable per
 * step (`<kind>:<id of what happened>`), so a repeated request stores one inbox entry. Only what
 * both parties already share travels: the listing's public title, their own messages and offers.
 */

const MODE_LABELS: Record<TransactionMode, string> = {
  transfer: '转让',
  exclusive_licence: '独占许可',
  non_exclusive_licence: '普通许可',
  joint_development: '合作开发',
  equity_investment: '作价入股',
};

export const modeLabel = (mode: TransactionMode) => `${MODE_LABELS[mode]} (${mode})`;

const clip = (text: string, max = 500) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

interface Subjectless {
  key: string;
  kind: string;
  to: string;
  title: string;
  body: string;
}

function request(r: Subjectless, subject: NotificationRequest['subject']): NotificationRequest {
  return { key: r.key, kind: r.kind, recipientOrganisationIds: [r.to], recipientUserIds: [], title: r.title, body: r.body, subject };
}

export const Notices = {
  interestExpressed: (i: { interestId: string; listingTitle: string; sellerOrganisationId: string; message: string }) =>
    request(
      { key: `interest.expressed:${i.interestId}`, kind: 'interest.expressed', to: i.sellerOrganisationId, title: `新的合作意向：${i.listingTitle}`, body: clip(i.message) },
      { type: 'interest', id: i.interestId },
    ),

  interestAccepted: (i: { interestId: string; negotiationId: string; listingTitle: string; buyerOrganisationId: string; message: string | null }) =>
    request(
      {
        key: `interest.accepted:${i.interestId}`,
        kind: 'interest.accepted',
        to: i.buyerOrganisationId,
        title: `合作意向已接受，洽谈已开启：${i.listingTitle}`,
        body: clip(i.message ?? '成果方接受了您的合作意向，可以在洽谈中留言和报价。'),
      },
      { type: 'negotiation', id: i.negotiationId },
    ),

  interestDeclined: (i: { interestId: string; listingTitle: string; buyerOrganisationId: string; message: string }) =>
    request(
      { key: `interest.declined:${i.interestId}`, kind: 'interest.declined', to: i.buyerOrganisationId, title: `合作意向未被接受：${i.listingTitle}`, body: clip(i.message) },
      { type: 'interest', id: i.interestId },
    ),

  interestWithdrawn: (i: { interestId: string; listingTitle: string; sellerOrganisationId: string; message: string | null }) =>
    request(
      { key: `interest.withdrawn:${i.interestId}`, kind: 'interest.withdrawn', to: i.sellerOrganisationId, title: `合作意向已撤回：${i.listingTitle}`, body: clip(i.message ?? '') },
      { type: 'interest', id: i.interestId },
    ),

  messagePosted: (m: { messageId: string; negotiationId: string; listingTitle: string; to: string; body: string }) =>
    request(
      { key: `negotiation.message:${m.messageId}`, kind: 'negotiation.message', to: m.to, title: `洽谈新留言：${m.listingTitle}`, body: clip(m.body) },
      { type: 'negotiation', id: m.negotiationId },
    ),

  offerMade: (o: { offerId: string; negotiationId: string; listingTitle: string; to: string; amount: string; mode: TransactionMode; counter: boolean }) =>
    request(
      {
        key: `negotiation.offer:${o.offerId}`,
        kind: o.counter ? 'negotiation.counter-offer' : 'negotiation.offer',
        to: o.to,
        title: `${o.counter ? '对方还价' : '新报价'}：${o.listingTitle}`,
        body: `${o.amount} 元，${modeLabel(o.mode)}`,
      },
      { type: 'negotiation', id: o.negotiationId },
    ),

  offerAnswered: (o: { offerId: string; negotiationId: string; listingTitle: string; to: string; outcome: 'accepted' | 'rejected' | 'withdrawn'; amount: string; note: string | null }) => {
    const words = { accepted: '报价已被接受，双方达成一致', rejected: '报价被拒绝', withdrawn: '对方撤回了报价' }[o.outcome];
    return request(
      {
        key: `negotiation.offer-${o.outcome}:${o.offerId}`,
        kind: o.outcome === 'accepted' ? 'negotiation.agreed' : `negotiation.offer-${o.outcome}`,
        to: o.to,
        title: `${words}：${o.listingTitle}`,
        body: clip(`${o.amount} 元${o.note ? `。${o.note}` : ''}`),
      },
      { type: 'negotiation', id: o.negotiationId },
    );
  },

  negotiationWithdrawn: (n: { negotiationId: string; listingTitle: string; to: string; reason: string }) =>
    request(
      { key: `negotiation.withdrawn:${n.negotiationId}`, kind: 'negotiation.withdrawn', to: n.to, title: `洽谈已终止：${n.listingTitle}`, body: clip(n.reason) },
      { type: 'negotiation', id: n.negotiationId },
    ),

  /** Both parties hear that their agreement could not become a trade, and why. */
  tradeRefused: (t: { negotiationId: string; listingTitle: string; parties: [string, string]; reason: string }): NotificationRequest => ({
    key: `negotiation.trade-refused:${t.negotiationId}`,
    kind: 'negotiation.trade-refused',
    recipientOrganisationIds: [...t.parties],
    recipientUserIds: [],
    title: `协议未能生成交易 (agreement could not become a trade)：${t.listingTitle}`,
    body: clip(`交易中心拒绝了本协议对应的交易：${t.reason}。本协议不会生成交易。`),
    subject: { type: 'negotiation', id: t.negotiationId },
  }),
};
