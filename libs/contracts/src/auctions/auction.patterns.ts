/** NATS message patterns answered by the auction service. */
export const AuctionPatterns = {
  create: 'auction.create',
  get: 'auction.get',
  list: 'auction.list',
  register: 'auction.register',
  myRegistration: 'auction.registration',
  bid: 'auction.bid',
  bids: 'auction.bids',
  wallet: 'auction.wallet',
  topUp: 'auction.top-up',
  moderate: 'auction.moderate',
  /** Worker: open a scheduled auction whose start has come (idempotent). */
  open: 'auction.open',
  /** Worker: settle an auction that has closed (idempotent). */
  settle: 'auction.settle',
  /** Worker: `settle` for several auctions at once (a burst's jobs), each in its own transaction, answered in order. */
  settleMany: 'auction.settle-many',
  /** Worker: auctions past their end that are not settled yet. */
  due: 'auction.due',
  /** Worker: scheduled auctions whose start has come (their opening job was lost, say with Redis). */
  dueToOpen: 'auction.due-to-open',
} as const;

/** Events of one auction, for live views: `auction.events.<auctionId>`. */
export const auctionEventsPattern = (auctionId: string) => `auction.events.${auctionId}`;

export interface AuctionEvent {
  kind: 'bid' | 'settled' | 'status';
  /** The public view after the change (never the reserve, a maximum or a sealed bid). */
  auction: import('./auction.views').AuctionView;
  extended: boolean;
  at: string;
}

export type SettleAnswer =
  | {
      state: 'settled';
      outcome: 'sold' | 'no_sale';
      listingId: string;
      tradeId: string | null;
      /** What the auction sold; a non-exclusive licence leaves the listing published. */
      transactionMode: import('../listings/listing-enums').TransactionMode | null;
      alreadySettled: boolean;
    }
  | { state: 'not_closed'; dueAt: string }
  | { state: 'not_settleable'; status: string };

/** One auction's result in `settleMany`: its answer, or why it failed (the worker asks `settle` again for the error). */
export type SettleManyItem = { ok: true; answer: SettleAnswer } | { ok: false; message: string };
