import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Demands (需求) posted through the API by the demo enterprises (and institutes, for civ→mil
 * needs): a dozen of the labelled demands the matching quality check uses, so the matches shown
 * in the demo are the ones that check measures. Posting queues the matcher, which notifies both
 * sides of strong matches.
 */
type Call = (method: string, path: string, token: string | null, body?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface LabelledDemand {
  key: string;
  poster: 'enterprise' | 'institute';
  title: string;
  description: string;
  field: string;
  direction: string;
  ipcCodes: string[];
  minTrl: number;
  budget: string | null;
  deadlineInDays: number;
}

const DEMO_DEMANDS = 12;

const chinaDateIn = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));

export async function seedDemandsDemo(call: Call, owners: { institute: string[]; enterprise: string[] }, log: (line: string) => void): Promise<void> {
  const labels: { demands: LabelledDemand[] } = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'matching-labels.json'), 'utf8'));
  const next = { institute: 0, enterprise: 0 };
  let posted = 0;
  for (const demand of labels.demands.slice(0, DEMO_DEMANDS)) {
    const pool = owners[demand.poster];
    if (pool.length === 0) continue;
    const token = pool[next[demand.poster]++ % pool.length];
    await call('POST', '/demands', token, {
      title: demand.title,
      description: demand.description,
      field: demand.field,
      direction: demand.direction,
      ipcCodes: demand.ipcCodes,
      minTrl: demand.minTrl,
      budget: demand.budget,
      deadline: chinaDateIn(demand.deadlineInDays),
      visibility: posted % 4 === 3 ? 'registered' : 'public',
    });
    posted++;
  }
  log(`  demands ${posted} (matched against the catalogue by the worker; strong matches notify both sides)`);
}
