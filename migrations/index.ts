import { CreateServiceSchemas1764000000000 } from './1764000000000-CreateServiceSchemas';
import { IdentityAndAudit1764100000000 } from './1764100000000-IdentityAndAudit';
import { Listings1764200000000 } from './1764200000000-Listings';
import { ListingSubmittedAt1764300000000 } from './1764300000000-ListingSubmittedAt';
import { Auctions1764400000000 } from './1764400000000-Auctions';
import { AuctionSettlement1764500000000 } from './1764500000000-AuctionSettlement';
import { BidSequence1764600000000 } from './1764600000000-BidSequence';
import { AuctionPause1764700000000 } from './1764700000000-AuctionPause';
import { BidLockAndRead1764750000000 } from './1764750000000-BidLockAndRead';
import { Evaluation1764800000000 } from './1764800000000-Evaluation';
import { Trades1764900000000 } from './1764900000000-Trades';
import { Demands1765000000000 } from './1765000000000-Demands';
import { Negotiations1765100000000 } from './1765100000000-Negotiations';
import { LedgerEntriesByTransaction1765150000000 } from './1765150000000-LedgerEntriesByTransaction';
import { AuditAppendInOneStatement1765160000000 } from './1765160000000-AuditAppendInOneStatement';
import { AuditSealedChain1765175000000 } from './1765175000000-AuditSealedChain';
import { NegotiatedTradeRefusal1765175500000 } from './1765175500000-NegotiatedTradeRefusal';
import { LedgerPostInOneStatement1765176000000 } from './1765176000000-LedgerPostInOneStatement';
import { AuctionNotificationOutbox1765310000000 } from './1765310000000-AuctionNotificationOutbox';
import { EvaluationNotificationOutbox1765320000000 } from './1765320000000-EvaluationNotificationOutbox';
import { MatchingNotificationOutbox1765330000000 } from './1765330000000-MatchingNotificationOutbox';

/** Every migration, in order. Listed explicitly so builds, tests and the CLI run the same set. */
export const ALL_MIGRATIONS = [
  CreateServiceSchemas1764000000000,
  IdentityAndAudit1764100000000,
  Listings1764200000000,
  ListingSubmittedAt1764300000000,
  Auctions1764400000000,
  AuctionSettlement1764500000000,
  BidSequence1764600000000,
  AuctionPause1764700000000,
  BidLockAndRead1764750000000,
  Evaluation1764800000000,
  Trades1764900000000,
  Demands1765000000000,
  Negotiations1765100000000,
  LedgerEntriesByTransaction1765150000000,
  AuditAppendInOneStatement1765160000000,
  AuditSealedChain1765175000000,
  NegotiatedTradeRefusal1765175500000,
  LedgerPostInOneStatement1765176000000,
  AuctionNotificationOutbox1765310000000,
  EvaluationNotificationOutbox1765320000000,
  MatchingNotificationOutbox1765330000000,
];
