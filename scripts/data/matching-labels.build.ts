import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYuanToFen } from '@lib/contracts';
import { demoListings } from '../demo/catalogue-generator';
import { DEMO_LISTING_COUNT } from '../demo/catalogue-demo';

/**
 * Builds `matching-labels.json` from `matching-labels.source.json`: for each labelled demand, the
 * published listings of the demo catalogue a person would accept. The judgement is the source's
 * `accept` list (which technologies would serve the need, by their Chinese name as listings are
 * titled) applied with the demand's own terms: TRL at least the minimum, asking price within the
 * budget or negotiable. The result names each accepted listing by its place in the deterministic demo
 * catalogue (`demoListings(300)`, seed 1) and its title, which the quality check verifies.
 *
 *   npx ts-node -T -r tsconfig-paths/register scripts/data/matching-labels.build.ts
 */

export interface LabelledDemandSource {
  key: string;
  poster: 'enterprise' | 'institute';
  title: string;
  description: string;
  field: string;
  direction: 'mil_to_civ' | 'civ_to_mil';
  ipcCodes: string[];
  minTrl: number;
  budget: string | null;
  deadlineInDays: number;
  /** Technologies (Chinese names, as in listing titles) a person posting this demand would accept. */
  accept: string[];
}

function main(): void {
  const sources: LabelledDemandSource[] = JSON.parse(readFileSync(join(__dirname, 'matching-labels.source.json'), 'utf8'));
  const catalogue = demoListings(DEMO_LISTING_COUNT);
  const demands = sources.map(({ accept, ...demand }) => {
    const accepted = catalogue
      .map((listing, index) => ({ listing, index }))
      .filter(({ listing }) => listing.outcome === 'published')
      .filter(({ listing }) => accept.some((subject) => chineseTitle(listing.body.title).includes(subject)))
      .filter(({ listing }) => listing.body.trl >= demand.minTrl)
      .filter(({ listing }) => demand.budget === null || listing.body.askingPrice === null || parseYuanToFen(listing.body.askingPrice) <= parseYuanToFen(demand.budget))
      .map(({ listing, index }) => ({ index, title: listing.body.title }));
    return { ...demand, acceptedSubjects: accept, accepted };
  });
  const empty = demands.filter((d) => d.accepted.length === 0).map((d) => d.key);
  if (empty.length) throw new Error(`Demands no published listing satisfies (drop or rethink them): ${empty.join(', ')}`);
  const file = {
    about:
      'Labelled demands for the matching quality check (npm run matching:quality). Each demand lists the published listings of the demo catalogue a person would accept, by index in demoListings(300, seed 1) and title. Built from matching-labels.source.json by matching-labels.build.ts.',
    catalogue: { generator: 'demoListings', count: DEMO_LISTING_COUNT, seed: 1 },
    demands,
  };
  writeFileSync(join(__dirname, 'matching-labels.json'), `${JSON.stringify(file, null, 1)}\n`);
  const sizes = demands.map((d) => d.accepted.length);
  console.log(`${demands.length} demands; accepted listings per demand: min ${Math.min(...sizes)}, max ${Math.max(...sizes)}, total ${sizes.reduce((a, b) => a + b, 0)}`);
}

/** The Chinese part of a `中文 (English)` title, where the technology is named. */
const chineseTitle = (title: string) => title.replace(/\s*\(.*$/, '');

if (require.main === module) main();
