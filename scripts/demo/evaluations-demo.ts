/**
 * Expert evaluations through the public API: the operator asks for an evaluation of published
 * electronic-information listings, assigns a panel of three experts of that field with no conflict
 * of interest, and each expert scores the rubric and values the listing. One panel agrees (the
 * grade is published on the listing and in the catalogue); one disagrees beyond the dispersion
 * threshold (the result waits in the operator's queue to be confirmed or sent back).
 */
type Call = (method: string, path: string, token: string | null, body?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CRITERIA = ['technicalAdvancement', 'maturity', 'ipStrength', 'marketProspect', 'dualUseValue'] as const;
const PANELS: { scores: number[][]; valuations: [string, string][] }[] = [
  {
    scores: [
      [88, 80, 85, 78, 90],
      [84, 76, 82, 80, 86],
      [90, 82, 80, 75, 88],
    ],
    valuations: [
      ['1200000.00', '1600000.00'],
      ['1100000.00', '1500000.00'],
      ['1300000.00', '1800000.00'],
    ],
  },
  {
    scores: [
      [92, 88, 90, 85, 95],
      [45, 40, 50, 38, 55],
      [70, 65, 72, 60, 75],
    ],
    valuations: [
      ['2500000.00', '3200000.00'],
      ['600000.00', '900000.00'],
      ['1200000.00', '1700000.00'],
    ],
  },
];

export async function seedEvaluationsDemo(call: Call, operator: string, experts: string[], log: (line: string) => void): Promise<void> {
  const pool: { id: string; token: string; organisationId: string | null }[] = [];
  for (const token of experts) {
    const me = await call('GET', '/me', token);
    if (me.user.expertiseFields?.includes('electronic_information')) pool.push({ id: me.user.id, token, organisationId: me.user.organisationId ?? null });
  }
  const catalogue = await call('GET', '/catalogue?field=electronic_information&pageSize=20', null);
  let published = 0;
  const candidates = [...catalogue.hits];
  for (const panel of PANELS) {
    let listing: { id: string; organisationId: string } | null = null;
    let members: typeof pool = [];
    while (!listing && candidates.length > 0) {
      const next = await call('GET', `/listings/${candidates.shift().listing.id}`, operator);
      const free = pool.filter((e) => e.organisationId !== next.organisationId);
      if (free.length >= 3) [listing, members] = [next, free.slice(0, 3)];
    }
    if (!listing) break;
    const evaluation = await call('POST', '/evaluations', operator, { listingId: listing.id, note: '年度重点推介成果，请按评审规范打分。' });
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString();
    await call('POST', `/admin/evaluations/${evaluation.id}/panel`, operator, { expertIds: members.map((m) => m.id), deadline });
    for (const [n, member] of members.entries()) {
      const assignments = await call('GET', '/assignments?status=assigned&pageSize=100', member.token);
      const assignment = assignments.items.find((a: { evaluationId: string }) => a.evaluationId === evaluation.id);
      await call('GET', `/assignments/${assignment.id}`, member.token);
      await call('POST', `/assignments/${assignment.id}/review`, member.token, {
        scores: Object.fromEntries(CRITERIA.map((c, i) => [c, { score: panel.scores[n][i], comment: '依据测试报告、专利文献和同类产品对比评定。' }])),
        valuation: { low: panel.valuations[n][0], high: panel.valuations[n][1], method: 'cost', basis: '重置成本法：研制投入与成新率估算。' },
      });
    }
    published++;
  }
  log(`  evaluations ${published} (one published with its grade, one flagged for the operator: the panel disagreed)`);
}
