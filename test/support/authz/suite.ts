import request from 'supertest';
import { HEADINGS } from './callers';
import { Area, AREAS, MATRIX } from './matrix';
import { rowName } from './row';
import { runRow, tally } from './runner';
import { World } from './world';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the OpenAPI document under /api/v1, as `METHOD /api/v1/path`. */
export async function documentedOperations(w: World): Promise<string[]> {
  const document = (await request(w.http).get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, item]) => HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`));
}

/**
 * The matrix rows of `areas`, run against one system started for the file, after checking that the
 * matrix has a row for every documented operation and none for an operation that is not there.
 */
export function describeMatrix(title: string, areas: Area[], more?: (world: () => World) => void): void {
  describe(title, () => {
    let w: World;
    beforeAll(async () => {
      w = await World.start();
    }, 120_000);
    afterAll(async () => {
      process.stdout.write(`\nAuthorisation matrix (${areas.join(', ')}): ${tally.rows} rows over ${tally.operations.size} operations, ${tally.checks} checks\n`);
      await w?.stop();
    });

    it('has a row for every operation of the OpenAPI document under /api/v1, and none for an operation not in it', async () => {
      const documented = new Set(await documentedOperations(w));
      const covered = new Set(MATRIX.map((r) => r.operation));
      const withoutRow = [...documented].filter((operation) => !covered.has(operation)).sort();
      const withoutOperation = [...covered].filter((operation) => !documented.has(operation)).sort();
      expect({ withoutRow, withoutOperation }).toEqual({ withoutRow: [], withoutOperation: [] });
    });

    it('names each row once', () => {
      const names = MATRIX.map(rowName);
      expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    });

    for (const area of areas) {
      describe(area, () => {
        for (const r of AREAS[area]) {
          const columns = Object.entries(r.expected).map(([who, outcome]) => `${HEADINGS[who as keyof typeof HEADINGS]} ${outcome}`);
          it(`${rowName(r)}: ${columns.join(' · ')}`, async () => {
            expect(await runRow(w, r)).toEqual([]);
          }, 60_000);
        }
      });
    }
    more?.(() => w);
  });
}
