import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateListingDto, isChinesePatentNumber, normalisePatentNumber, patentKindOf, TECHNICAL_FIELDS } from '@lib/contracts';
import { demoListings, ListingBody, syntheticListings } from './catalogue-generator';

async function problemsOf(body: ListingBody): Promise<string[]> {
  const errors = await validate(plainToInstance(CreateListingDto, body), { whitelist: true, forbidNonWhitelisted: true });
  const flatten = (list: typeof errors, path: string): string[] =>
    list.flatMap((e) => [
      ...Object.values(e.constraints ?? {}).map((m) => `${path}${e.property}: ${m}`),
      ...flatten(e.children ?? [], `${path}${e.property}.`),
    ]);
  return flatten(errors, '');
}

async function expectAllValid(bodies: ListingBody[]) {
  const invalid: { title: string; problems: string[] }[] = [];
  for (const body of bodies) {
    const problems = await problemsOf(body);
    if (problems.length > 0) invalid.push({ title: body.title, problems });
  }
  expect(invalid).toEqual([]);
}

/** Rules the DTO does not check but the catalogue must keep. */
function expectHouseRules(body: ListingBody) {
  expect(body.summary.length).toBeGreaterThanOrEqual(60);
  expect(body.summary.length).toBeLessThanOrEqual(300);
  expect(body.description.length).toBeGreaterThanOrEqual(200);
  expect(body.description.length).toBeLessThanOrEqual(1500);
  expect(body.patents.length).toBeLessThanOrEqual(3);
  expect(body.transactionModes.length).toBeGreaterThanOrEqual(1);
  expect(body.transactionModes.length).toBeLessThanOrEqual(3);
  if (body.secrecyLevel !== 'public') {
    expect(body.declassification).toEqual({
      decisionNumber: expect.stringMatching(/〔202[34]〕\d+号$/),
      authority: expect.any(String),
      decisionDate: expect.stringMatching(/^202[34]-\d{2}-\d{2}$/),
    });
  } else {
    expect(body.declassification).toBeNull();
  }
  for (const patent of body.patents) {
    expect(isChinesePatentNumber(normalisePatentNumber(patent.number))).toBe(true);
    expect(patentKindOf(patent.number)).toBe(patent.kind);
    if (patent.nationalDefence) expect(patent.kind).toBe('invention');
  }
  if (body.askingPrice !== null) {
    const yuan = Number(body.askingPrice);
    expect(body.askingPrice).toMatch(/^\d+\.00$/);
    expect(yuan).toBeGreaterThanOrEqual(50_000);
    expect(yuan).toBeLessThanOrEqual(50_000_000);
  }
}

describe('demo catalogue generator', () => {
  const demo = demoListings(500);

  it('produces 500 listings that are all valid CreateListingDto bodies', async () => {
    expect(demo).toHaveLength(500);
    await expectAllValid(demo.map((l) => l.body));
  });

  it('keeps the catalogue rules: lengths, patents, prices, declassification', () => {
    for (const listing of demo) {
      expectHouseRules(listing.body);
      expect(listing.dossier.length).toBeGreaterThan(200);
    }
  });

  it('covers every technical field and both directions', () => {
    expect(new Set(demo.map((l) => l.body.field))).toEqual(new Set(TECHNICAL_FIELDS));
    expect(new Set(demo.map((l) => l.body.direction))).toEqual(new Set(['mil_to_civ', 'civ_to_mil']));
    for (const field of TECHNICAL_FIELDS) {
      const directions = new Set(demo.filter((l) => l.body.field === field).map((l) => l.body.direction));
      expect([field, directions.size]).toEqual([field, 2]);
    }
    // Even a small demo covers the fields and directions.
    const small = demoListings(12, 7);
    expect(new Set(small.map((l) => l.body.field)).size).toBe(TECHNICAL_FIELDS.length);
    expect(new Set(small.map((l) => l.body.direction)).size).toBe(2);
  });

  it('gives enterprises only civ_to_mil listings and institutes only mil_to_civ ones', () => {
    for (const { ownerKind, body } of demo) {
      expect([ownerKind, body.direction]).toEqual(ownerKind === 'enterprise' ? ['enterprise', 'civ_to_mil'] : ['institute', 'mil_to_civ']);
    }
    expect(demo.some((l) => l.ownerKind === 'enterprise')).toBe(true);
    expect(demo.some((l) => l.ownerKind === 'institute')).toBe(true);
  });

  it('mixes secrecy levels, national defence patents, negotiable prices and outcomes plausibly', () => {
    const share = (p: (l: (typeof demo)[number]) => boolean) => demo.filter(p).length / demo.length;
    expect(share((l) => l.body.secrecyLevel === 'public')).toBeGreaterThan(0.6);
    expect(new Set(demo.map((l) => l.body.secrecyLevel))).toEqual(new Set(['public', 'internal', 'secret', 'confidential']));
    expect(demo.some((l) => l.body.patents.some((p) => p.nationalDefence))).toBe(true);
    expect(share((l) => l.body.askingPrice === null)).toBeGreaterThan(0.15);
    expect(share((l) => l.body.askingPrice === null)).toBeLessThan(0.35);
    expect(share((l) => l.outcome === 'published')).toBeGreaterThan(0.7);
    expect(share((l) => l.outcome === 'published')).toBeLessThan(0.9);
    expect(new Set(demo.map((l) => l.outcome))).toEqual(new Set(['published', 'pending_review', 'draft', 'rejected']));
    expect(new Set(demo.map((l) => l.body.trl))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('is not repetitive: titles and summaries are (nearly) all different', () => {
    expect(new Set(demo.map((l) => l.body.title)).size).toBeGreaterThan(480);
    expect(new Set(demo.map((l) => l.body.summary)).size).toBe(500);
    const patentNumbers = demo.flatMap((l) => l.body.patents.map((p) => p.number.replace(/^ZL/, '')));
    expect(new Set(patentNumbers).size).toBe(patentNumbers.length);
  });

  it('is deterministic: the same seed gives the same catalogue, another seed another one', () => {
    expect(demoListings(50, 3)).toEqual(demoListings(50, 3));
    expect(demoListings(50, 3)).not.toEqual(demoListings(50, 4));
    expect(demoListings(50)).toEqual(demo.slice(0, 50));
  });
});

describe('synthetic catalogue generator', () => {
  const synthetic = [...syntheticListings(2_000)];

  it('produces 2,000 listings that are all valid CreateListingDto bodies', async () => {
    expect(synthetic).toHaveLength(2_000);
    await expectAllValid(synthetic);
  });

  it('keeps the catalogue rules and covers every field and both directions', () => {
    for (const body of synthetic) expectHouseRules(body);
    expect(new Set(synthetic.map((b) => b.field))).toEqual(new Set(TECHNICAL_FIELDS));
    expect(new Set(synthetic.map((b) => b.direction))).toEqual(new Set(['mil_to_civ', 'civ_to_mil']));
  });

  it('is varied enough for search: many distinct titles, subsets of different sizes', () => {
    expect(new Set(synthetic.map((b) => b.title)).size).toBeGreaterThan(1_000);
    const hits = (word: string) => synthetic.filter((b) => b.title.includes(word) || b.summary.includes(word)).length;
    expect(hits('风洞')).toBeGreaterThan(0);
    expect(hits('北斗')).toBeGreaterThan(0);
    expect(hits('激光')).toBeGreaterThan(hits('飞秒'));
    expect(hits('UAV')).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed gives the same stream, another seed another one', () => {
    expect([...syntheticListings(200, 9)]).toEqual([...syntheticListings(200, 9)]);
    expect([...syntheticListings(200, 9)]).not.toEqual([...syntheticListings(200, 10)]);
  });

  it('generates 100,000 listings in a few seconds', () => {
    const started = process.hrtime.bigint();
    let count = 0;
    let chars = 0;
    for (const body of syntheticListings(100_000, 42)) {
      count++;
      chars += body.description.length;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Printed, not asserted tightly: timing belongs to benchmarks, this only catches a pathological slowdown.
    console.log(`syntheticListings: 100,000 listings in ${ms.toFixed(0)} ms (${((100_000 / ms) * 1000).toFixed(0)}/s, ${(chars / count).toFixed(0)} description chars on average)`);
    expect(count).toBe(100_000);
    expect(ms).toBeLessThan(30_000);
  });
});
