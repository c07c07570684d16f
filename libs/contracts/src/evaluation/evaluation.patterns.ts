/** NATS message patterns answered by the evaluation service. */
export const EvaluationPatterns = {
  request: 'evaluation.request',
  get: 'evaluation.get',
  list: 'evaluation.list',
  assignPanel: 'evaluation.panel.assign',
  replaceExpert: 'evaluation.panel.replace',
  /** Operator confirm / send back; owner or operator cancel. */
  decide: 'evaluation.decide',
  myAssignments: 'evaluation.assignments.mine',
  assignment: 'evaluation.assignments.get',
  submitReview: 'evaluation.assignments.review',
  comparables: 'evaluation.assignments.comparables',
  incomeCalculator: 'evaluation.income-calculator',
  /** Worker: a reminder or deadline of an assignment has come (idempotent). */
  deadline: 'evaluation.deadline',
  /** Worker sweep: reminders and deadlines that are due but not handled (lost jobs). */
  deadlinesDue: 'evaluation.deadlines-due',
  /** Worker sweep: record published results the listings service has not confirmed yet. */
  syncListings: 'evaluation.sync-listings',
} as const;
