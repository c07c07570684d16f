/** NATS message patterns of demands, answered by the matching service. */
export const DemandPatterns = {
  create: 'matching.demands.create',
  update: 'matching.demands.update',
  close: 'matching.demands.close',
  get: 'matching.demands.get',
  mine: 'matching.demands.mine',
  search: 'matching.demands.search',
  /** Operators: hide or restore, with a reason. */
  moderate: 'matching.demands.moderate',
  /** Operators: every demand, by status. */
  adminList: 'matching.demands.admin-list',
} as const;
