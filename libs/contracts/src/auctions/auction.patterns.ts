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
} as const;
