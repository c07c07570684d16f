import { describeMatrix } from '../support/authz/suite';

/**
 * The authorisation matrix (issue 11; docs/authorisation.md): every operation under /api/v1 × every
 * caller × own object / another organisation's / anonymous, against the real services.
 */
describeMatrix('authorisation matrix', ['identity', 'listings', 'evaluations', 'auctions', 'trades', 'demands', 'negotiation', 'notifications']);
