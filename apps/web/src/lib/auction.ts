import type { Auction } from '../api/types';

const toFen = (yuan: string): bigint => {
  const [whole, fraction = ''] = yuan.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};
const toYuan = (fen: bigint): string => `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;

/**
 * The Dutch price shown at `now`, by the same schedule the auction service applies (it falls by `step` every
 * `intervalSeconds` from the start, never below the floor); the server's price decides an acceptance.
 */
export function dutchPriceAt(auction: Pick<Auction, 'type' | 'dutch' | 'startPrice' | 'startsAt'>, now: number): string | null {
  if (auction.type !== 'dutch' || !auction.dutch) return null;
  const elapsed = now - new Date(auction.startsAt).getTime();
  if (elapsed < 0) return null;
  const ticks = BigInt(Math.floor(elapsed / (auction.dutch.intervalSeconds * 1000)));
  const price = toFen(auction.startPrice) - ticks * toFen(auction.dutch.step);
  const floor = toFen(auction.dutch.floorPrice);
  return toYuan(price > floor ? price : floor);
}

/** Whether bids are taken now, as far as the client can tell (the server decides). */
export function isBiddable(auction: Pick<Auction, 'status' | 'startsAt' | 'endsAt'>, now: number): boolean {
  return auction.status === 'open' && now >= new Date(auction.startsAt).getTime() && now < new Date(auction.endsAt).getTime();
}

export const isSealed = (auction: Pick<Auction, 'type'>) => auction.type === 'sealed_first_price' || auction.type === 'sealed_second_price';
