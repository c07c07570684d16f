/**
 * The API's answers as the console reads them. They mirror the views in libs/contracts (the source of truth);
 * the console keeps its own copy because those classes carry server-side decorators.
 */
export type Role = 'institute' | 'enterprise' | 'expert' | 'operator';
export type Direction = 'mil_to_civ' | 'civ_to_mil';
export type TransactionMode = 'transfer' | 'exclusive_licence' | 'non_exclusive_licence' | 'joint_development' | 'equity_investment';
export type SecrecyLevel = 'public' | 'internal' | 'secret' | 'confidential';
export type ListingStatus = 'draft' | 'pending_review' | 'published' | 'rejected' | 'suspended' | 'sold' | 'withdrawn';
export type AuctionType = 'english' | 'sealed_first_price' | 'sealed_second_price' | 'dutch';
export type AuctionStatus = 'scheduled' | 'open' | 'paused' | 'closed' | 'settled' | 'cancelled';
export type TradeStatus = 'pending_signature' | 'signed' | 'paid' | 'completed' | 'disputed' | 'refunded' | 'cancelled';
export type QualificationType = 'weapons_rnd_licence' | 'quality_system' | 'equipment_supplier' | 'secrecy' | 'civil_military_enterprise';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface Capabilities {
  draft: boolean;
  inviteMembers: boolean;
  submitQualifications: boolean;
  publish: boolean;
  bid: boolean;
  sign: boolean;
}

export interface Organisation {
  id: string;
  name: string;
  kind: 'institute' | 'enterprise';
  creditCode: string;
  regionCode: string;
  status: 'pending' | 'verified' | 'rejected' | 'suspended';
  statusReason: string | null;
  verifiedAt: string | null;
  createdAt: string;
  capabilities: Capabilities;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  isOrganisationAdmin: boolean;
  expertiseFields: string[];
  createdAt: string;
}

export interface Me {
  user: User;
  organisation: Organisation | null;
}

export interface Qualification {
  id: string;
  organisationId: string;
  type: QualificationType;
  number: string;
  grade: string | null;
  issuer: string;
  validFrom: string;
  validUntil: string;
  status: 'submitted' | 'verified' | 'rejected';
  effectiveStatus: 'submitted' | 'verified' | 'rejected' | 'expired' | 'not_yet_valid';
  reviewReason: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

export interface EvaluationSummary {
  grade: string;
  score: number;
  valuationLow: string;
  valuationHigh: string;
  evaluatedAt: string;
  experts: number;
}

export interface PublicListing {
  id: string;
  title: string;
  summary: string;
  direction: Direction;
  field: string;
  ipcCodes: string[];
  trl: number;
  transactionModes: TransactionMode[];
  askingPrice: string | null;
  priceNegotiable: boolean;
  evaluation: EvaluationSummary | null;
  publishedAt: string;
}

export interface Patent {
  number: string;
  kind: 'invention' | 'utility_model' | 'design';
  nationalDefence: boolean;
  title: string | null;
}

export interface Declassification {
  decisionNumber: string;
  authority: string;
  decisionDate: string;
}

export interface Listing {
  id: string;
  organisationId: string;
  status: ListingStatus;
  statusReason: string | null;
  title: string;
  summary: string;
  description: string;
  direction: Direction;
  field: string;
  ipcCodes: string[];
  trl: number;
  patents: Patent[];
  transactionModes: TransactionMode[];
  askingPrice: string | null;
  priceNegotiable: boolean;
  secrecyLevel: SecrecyLevel;
  declassification: Declassification | null;
  dossierAccess: 'by_grant' | 'verified_organisations';
  hasDossier: boolean;
  evaluation: EvaluationSummary | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type ListingRead = ({ visibility: 'full' } & Listing) | ({ visibility: 'public' } & PublicListing);

export type FacetName = 'field' | 'direction' | 'transactionModes' | 'trl' | 'hasEvaluation' | 'evaluationGrade';

export interface CatalogueHit {
  listing: Omit<PublicListing, 'evaluation'> & { evaluation: EvaluationSummary | null };
  highlight: { title: string; summary: string };
}

export interface CatalogueResult {
  hits: CatalogueHit[];
  page: number;
  pageSize: number;
  total: number;
  facets: Record<FacetName, Record<string, number>>;
  processingTimeMs: number;
}

export interface Auction {
  id: string;
  listingId: string;
  transactionMode: TransactionMode | null;
  type: AuctionType;
  status: AuctionStatus;
  statusReason: string | null;
  startPrice: string;
  increment: string | null;
  deposit: string;
  requiredQualifications: string[];
  startsAt: string;
  endsAt: string;
  scheduledEndsAt: string;
  softClose: { windowSeconds: number; extensionSeconds: number; maxEndsAt: string | null } | null;
  dutch: { step: string; intervalSeconds: number; floorPrice: string } | null;
  currentPrice: string | null;
  leaderAlias: string | null;
  reserveMet: boolean | null;
  minimumNextBid: string | null;
  bidCount: number;
  hasReserve: boolean;
  outcome: { outcome: 'sold' | 'no_sale'; price?: string; winnerAlias?: string; reason?: string } | null;
  reservePrice?: string | null;
}

export interface AuctionEvent {
  kind: 'bid' | 'settled' | 'status';
  auction: Auction;
  extended: boolean;
  at: string;
}

export interface Bid {
  id: string;
  alias: string;
  kind: 'bid' | 'acceptance';
  price: string | null;
  leaderAlias: string | null;
  placedAt: string;
}

export interface BidReceipt {
  bidId: string;
  accepted: true;
  replayed: boolean;
  auction: Auction;
  yourMaximum: string | null;
}

export interface Registration {
  id: string;
  auctionId: string;
  alias: string;
  deposit: string;
  depositStatus: 'held' | 'released' | 'applied';
  createdAt: string;
}

export interface Wallet {
  organisationId: string;
  available: string;
  held: string;
  entries: { at: string; account: string; amount: string; cause: string; reference: string | null }[];
}

export interface Trade {
  id: string;
  source: 'auction' | 'negotiation';
  auctionId: string | null;
  negotiationId: string | null;
  listingId: string;
  listingTitle: string | null;
  sellerOrganisationId: string;
  buyerOrganisationId: string;
  myRole: 'seller' | 'buyer' | null;
  amount: string;
  depositApplied: string;
  outstanding: string;
  transactionMode: TransactionMode | null;
  field: string | null;
  trl: number | null;
  direction: Direction | null;
  status: TradeStatus;
  contract: {
    termsVersion: number;
    scope: string | null;
    effectiveDate: string | null;
    expiryDate: string | null;
    sellerSignedAt: string | null;
    buyerSignedAt: string | null;
  };
  signedAt: string | null;
  paidAt: string | null;
  completedAt: string | null;
  dispute: {
    disputedAt: string;
    disputedFrom: 'signed' | 'paid';
    reason: string;
    byOrganisationId: string;
    resolvedAt: string | null;
    resolutionReason: string | null;
  } | null;
  unsignedFlaggedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  subject: { type: string; id: string };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

export interface AuditEntry {
  seq: string;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  correlationId: string | null;
  /** Null until the entry is sealed into the chain (about a second after its commit). */
  chainSeq: string | null;
  prevHash: string | null;
  hash: string | null;
}

export interface AuditVerdict {
  valid: boolean;
  checked: number;
  brokenAt?: string;
  problem?: string;
  awaitingSeal: number;
}

export interface ReportMetrics {
  listingsPublished: number;
  evaluationsCompleted: number;
  auctionsHeld: number;
  auctionsCleared: number;
  clearanceRate: string | null;
  negotiatedDeals: number;
  tradesCompleted: number;
  tradeVolume: string;
  medianDaysToDeal: number | null;
}

export interface ReportRow extends ReportMetrics {
  key: string;
  label: { zh: string; en: string };
}

export interface AnnualReport {
  year: number;
  timeZone: string;
  totals: ReportMetrics;
  byField: ReportRow[];
  byDirection: ReportRow[];
  byRegion: ReportRow[];
  byMonth: ReportRow[];
  /** Operators only (`GET /admin/reports/annual`). */
  organisations?: OrganisationReportRow[];
}

export interface OrganisationReportRow {
  organisationId: string;
  name: string;
  kind: string;
  region: string;
  listingsPublished: number;
  auctionsHeld: number;
  auctionsCleared: number;
  dealsAsSeller: number;
  dealsAsBuyer: number;
  volumeAsSeller: string;
  volumeAsBuyer: string;
}

export type PartyRole = 'buyer' | 'seller';
export type ViewerRole = PartyRole | 'operator';

export interface Interest {
  id: string;
  listingId: string;
  listingTitle: string;
  viewerRole: ViewerRole;
  sellerOrganisationId: string | null;
  buyerOrganisationId: string;
  status: 'pending' | 'accepted' | 'declined' | 'withdrawn';
  message: string;
  demandRef: string | null;
  matchRef: string | null;
  response: { outcome: 'accepted' | 'declined' | 'withdrawn'; message: string | null; at: string } | null;
  negotiationId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Offer {
  id: string;
  sequence: number;
  madeBy: PartyRole;
  madeByOrganisationId: string;
  amount: string;
  transactionMode: TransactionMode;
  note: string | null;
  status: 'open' | 'countered' | 'accepted' | 'rejected' | 'withdrawn';
  respondedAt: string | null;
  responseNote: string | null;
  createdAt: string;
}

export interface ThreadMessage {
  id: string;
  sequence: number;
  author: PartyRole;
  authorOrganisationId: string;
  body: string;
  createdAt: string;
}

export type TimelineEntry = ({ type: 'message' } & ThreadMessage) | ({ type: 'offer' } & Offer);

export interface Negotiation {
  id: string;
  interestId: string;
  listingId: string;
  listingTitle: string;
  viewerRole: ViewerRole;
  sellerOrganisationId: string;
  buyerOrganisationId: string;
  status: 'open' | 'agreed' | 'closed';
  currentOffer: Offer | null;
  agreement: { offerId: string; amount: string; transactionMode: TransactionMode; agreedAt: string } | null;
  tradeId: string | null;
  /** The trade side refused the agreed trade for good: no trade will follow. */
  tradeRefusal: { reason: string; at: string } | null;
  closure: { byOrganisationId: string; reason: string; at: string } | null;
  timeline: TimelineEntry[];
  createdAt: string;
  updatedAt: string;
}

// ——— Evaluation (libs/contracts/src/evaluation) ———
export type RubricCriterion = 'technicalAdvancement' | 'maturity' | 'ipStrength' | 'marketProspect' | 'dualUseValue';
export type ValuationMethod = 'cost' | 'market' | 'income';
export type EvaluationStatus = 'requested' | 'in_review' | 'flagged' | 'published' | 'cancelled';
export type AssignmentStatus = 'assigned' | 'submitted' | 'replaced' | 'withdrawn';

export interface IncomeInputs {
  revenueForecast: string[];
  royaltyRate: string;
  discountRate: string;
  years: number;
}
export interface IncomeYear {
  year: number;
  revenue: string;
  royalty: string;
  discountFactor: string;
  presentValue: string;
}
export interface IncomeCalculation {
  presentValue: string;
  years: IncomeYear[];
  inputs: IncomeInputs;
}
export interface Valuation {
  low: string;
  high: string;
  method: ValuationMethod;
  basis: string;
  comparableTradeIds: string[];
  income: IncomeCalculation | null;
}
export interface ExpertRef {
  id: string;
  name: string;
  organisationId: string | null;
}
export interface Review {
  assignmentId: string;
  alias: string;
  round: number;
  expert?: ExpertRef;
  scores: Record<RubricCriterion, { score: number; comment: string }>;
  weightedScore: number;
  valuation: Valuation;
  submittedAt: string;
}
export interface Consensus {
  score: number;
  grade: string;
  valuationLow: string;
  valuationHigh: string;
  dispersion: number;
  dispersionThreshold: number;
  flagged: boolean;
  experts: number;
  criteria: Record<RubricCriterion, number>;
  valuationOutliers: string[];
  computedAt: string;
}
export interface PanelMember {
  assignmentId: string;
  alias: string;
  round: number;
  status: AssignmentStatus;
  deadline: string;
  missed: boolean;
  remindedAt: string | null;
  submittedAt: string | null;
  expert?: ExpertRef;
}
export interface Evaluation {
  id: string;
  listingId: string;
  listing: { title: string; field: string; trl: number };
  status: EvaluationStatus;
  statusReason: string | null;
  round: number;
  requestedBy: 'owner' | 'operator';
  note: string | null;
  panel: PanelMember[];
  progress: { panelSize: number; submitted: number };
  result: Consensus | null;
  reviews: Review[];
  flaggedAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface AssignmentSummary {
  id: string;
  evaluationId: string;
  alias: string;
  round: number;
  status: AssignmentStatus;
  deadline: string;
  missed: boolean;
  assignedAt: string;
  submittedAt: string | null;
  listing: { id: string; title: string; field: string; trl: number };
}
export interface Assignment extends Omit<AssignmentSummary, 'listing'> {
  note: string | null;
  listing: {
    id: string;
    title: string;
    summary: string;
    description: string;
    direction: Direction;
    field: string;
    trl: number;
    ipcCodes: string[];
    patents: Patent[];
    transactionModes: TransactionMode[];
    askingPrice: string | null;
  };
  review: Review | null;
}
export interface ComparableTrade {
  tradeId: string;
  listingId: string;
  listingTitle: string;
  field: string;
  trl: number;
  transactionMode: TransactionMode;
  amount: string;
  source: 'auction' | 'negotiation';
  concludedAt: string;
}
export interface Comparables {
  field: string;
  trlMin: number;
  trlMax: number;
  trades: ComparableTrade[];
}

// ——— Demands and matches (libs/contracts/src/matching) ———
export type DemandStatus = 'open' | 'closed' | 'hidden';
export type DemandVisibility = 'public' | 'registered';
export interface DemandPublic {
  id: string;
  title: string;
  description: string;
  field: string;
  direction: Direction;
  ipcCodes: string[];
  minTrl: number;
  budget: string | null;
  budgetNegotiable: boolean;
  deadline: string;
  visibility: DemandVisibility;
  postedAt: string;
  expired: boolean;
}
export interface Demand extends DemandPublic {
  organisationId: string;
  status: DemandStatus;
  statusReason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  hiddenAt: string | null;
  matchedAt: string | null;
  version: number;
}
export type DemandRead = ({ view: 'full' } & Demand) | ({ view: 'public' } & DemandPublic);
export interface DemandSearchResult {
  hits: DemandPublic[];
  page: number;
  pageSize: number;
  total: number;
  processingTimeMs: number;
}
export interface MatchReason {
  factor: string;
  effect: 'for' | 'against' | 'neutral';
  text: string;
  fit: number;
  weight: number;
}
interface MatchBase {
  matchId: string;
  score: number;
  explanation: string;
  reasons: MatchReason[];
  notable: boolean;
}
export interface ListingMatch extends MatchBase {
  listing: PublicListing;
}
export interface DemandMatch extends MatchBase {
  demand: DemandPublic;
}
export interface DemandMatches {
  demandId: string;
  ranAt: string;
  items: ListingMatch[];
}
export interface ListingMatches {
  listingId: string;
  ranAt: string;
  items: DemandMatch[];
}
