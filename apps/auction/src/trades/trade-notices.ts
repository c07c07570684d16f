import type { NotificationRequest, TradeStatusName } from '@lib/contracts';

/** Inbox titles, Chinese first like the rest of the platform's notices. */
const TRADE_NOTICE_TITLES: Record<string, string> = {
  'trade.terms_proposed': '卖方提出了合同条款 (contract terms proposed)',
  'trade.signature_given': '合同已签署一方 (a party signed)',
  'trade.paid': '买方付款已确认 (payment confirmed)',
  'trade.completed': '交易已完成 (trade completed)',
  'trade.disputed': '交易发生争议 (trade disputed)',
  'trade.dispute_resolved': '争议已处理 (dispute resolved)',
};
const TRADE_STATUS_NAMES: Record<TradeStatusName, string> = {
  pending_signature: '待签署',
  signed: '已签署',
  paid: '已付款',
  completed: '已完成',
  disputed: '争议中',
  refunded: '已退款',
  cancelled: '已取消',
};

export interface TradeParties {
  id: string;
  sellerOrganisationId: string;
  buyerOrganisationId: string;
}

/** At most `max` characters, an ellipsis marking the cut (the inbox keeps bodies to 4000). */
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A notice to both parties; the key is stable per trade, kind and (for repeatable steps) version. */
function toParties(kind: string, trade: TradeParties, title: string, body: string, version = ''): NotificationRequest {
  return {
    key: `${kind}:${trade.id}${version ? `:${version}` : ''}`,
    kind,
    recipientOrganisationIds: [trade.sellerOrganisationId, trade.buyerOrganisationId],
    recipientUserIds: [],
    title,
    body,
    subject: { type: 'trade', id: trade.id },
  };
}

function toOperators(kind: string, trade: TradeParties, title: string, body: string, version = ''): NotificationRequest {
  return {
    key: `${kind}:${trade.id}${version ? `:${version}` : ''}`,
    kind,
    recipientOrganisationIds: [],
    recipientUserIds: [],
    recipientOperators: true,
    title,
    body,
    subject: { type: 'trade', id: trade.id },
  };
}

/** A trade exists (from a settlement or an agreed negotiation): both parties are told. */
export function tradeCreatedNotices(trade: TradeParties): NotificationRequest[] {
  return [toParties('trade.created', trade, '交易已创建 (trade created)', `交易 ${trade.id} 待卖方提出合同条款并由双方签署。`)];
}

/**
 * A step of the lifecycle committed (`version` is the trade's `updatedAt` after it, so each step is
 * its own notice): both parties are told; a dispute also tells the operators, who resolve it.
 */
export function tradeChangeNotices(action: string, trade: TradeParties & { status: TradeStatusName }, version: string, reason?: string): NotificationRequest[] {
  const notices = [toParties(action, trade, TRADE_NOTICE_TITLES[action] ?? action, `交易 ${trade.id} 当前状态：${TRADE_STATUS_NAMES[trade.status]} (${trade.status})。`, version)];
  if (action === 'trade.disputed') {
    notices.push(
      toOperators(
        'trade.dispute_opened',
        trade,
        '交易争议待处理 (dispute to resolve)',
        clip(`交易 ${trade.id} 的一方提出争议，请处理。A party disputed trade ${trade.id}${reason ? `: ${reason}` : '.'}`, 4000),
        version,
      ),
    );
  }
  return notices;
}

/** Unsigned past the deadline, flagged once: the parties are reminded and the operators told to follow up. */
export function tradeFlaggedNotices(trade: TradeParties): NotificationRequest[] {
  return [
    toParties('trade.signature_overdue', trade, '交易逾期未签署 (signature overdue)', `交易 ${trade.id} 仍未签署，已提示平台运营人员。`),
    toOperators('trade.flagged', trade, '交易逾期未签署，请跟进 (unsigned trade flagged)', `交易 ${trade.id} 超过签署期限仍未签署，请联系双方。Trade ${trade.id} is still unsigned past the signature deadline.`),
  ];
}
