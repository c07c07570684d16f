import { LISTING_STATUSES, ListingStatus } from '@lib/contracts';
import { ListingEntity } from '../listings/listing.entity';
import { catalogueDocumentOf, publicListingOf } from './public-projection';

/** Sentinels in every restricted field: none of them may appear anywhere in a public projection. */
const SECRET = {
  description: 'SECRET-DESCRIPTION 测力天平精度 0.3%',
  patentNumber: 'ZL201710601862.3',
  patentTitle: 'SECRET-PATENT-TITLE 一种脉冲风洞测力方法',
  decisionNumber: 'SECRET-DECISION 科工密解〔2024〕118号',
  authority: 'SECRET-AUTHORITY 国家国防科技工业局',
  dossier: 'SECRET-DOSSIER 试验段结构图与标定数据',
  organisationId: '0d9e4c3b-1a2b-4c5d-8e7f-9a0b1c2d3e4f',
  createdBy: '5f4e3d2c-1b0a-4987-8654-3210fedcba98',
  statusReason: 'SECRET-STATUS-REASON',
};

const PUBLISHED_AT = new Date('2025-03-14T08:30:15.123Z');

function listing(overrides: Partial<ListingEntity> = {}): ListingEntity {
  return Object.assign(new ListingEntity(), {
    id: 'b0f5a7e2-8c1d-4e3f-9a6b-2c4d6e8f0a1b',
    organisationId: SECRET.organisationId,
    createdBy: SECRET.createdBy,
    status: 'published' as ListingStatus,
    statusReason: SECRET.statusReason,
    title: '高超声速风洞气动测试技术',
    summary: '基于脉冲风洞的高超声速飞行器气动力与热环境测试方法',
    description: SECRET.description,
    direction: 'mil_to_civ' as const,
    field: 'aerodynamics' as const,
    ipcCodes: ['G01M 9/06', 'G01S 7/48'],
    trl: 6,
    patents: [{ number: SECRET.patentNumber, kind: 'invention' as const, nationalDefence: true, title: SECRET.patentTitle }],
    transactionModes: ['transfer' as const, 'non_exclusive_licence' as const],
    askingPriceFen: '125000000',
    secrecyLevel: 'confidential' as const,
    declassification: { decisionNumber: SECRET.decisionNumber, authority: SECRET.authority, decisionDate: '2024-06-30' },
    dossierAccess: 'by_grant' as const,
    dossierContent: SECRET.dossier,
    dossierUpdatedAt: new Date('2025-03-01T00:00:00Z'),
    evaluation: null,
    publishedAt: PUBLISHED_AT,
    version: 4,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-03-14T08:30:15.123Z'),
    ...overrides,
  });
}

const EVALUATION = { grade: 'A', score: 87.5, valuationLow: '1000000.00', valuationHigh: '1500000.00', evaluatedAt: '2025-02-01T00:00:00.000Z', experts: 5 };

const PUBLIC_KEYS = ['askingPrice', 'direction', 'evaluation', 'field', 'id', 'ipcCodes', 'priceNegotiable', 'publishedAt', 'summary', 'title', 'transactionModes', 'trl'];
const CATALOGUE_KEYS = [
  'askingPrice',
  'askingPriceFen',
  'direction',
  'evaluation',
  'evaluationGrade',
  'field',
  'hasEvaluation',
  'id',
  'ipcCodes',
  'ipcPrefixes',
  'priceNegotiable',
  'publishedAt',
  'publishedAtIso',
  'summary',
  'title',
  'transactionModes',
  'trl',
];
const RESTRICTED_KEYS = [
  'description',
  'patents',
  'secrecyLevel',
  'declassification',
  'dossierAccess',
  'dossierContent',
  'dossierUpdatedAt',
  'organisationId',
  'createdBy',
  'status',
  'statusReason',
  'version',
  'createdAt',
  'updatedAt',
];

function expectNoSecretIn(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
  // The secrecy level must not leak either, not even as a word.
  expect(text).not.toContain('confidential');
}

describe('publicListingOf: the one place that decides what of a listing is public', () => {
  it.each(LISTING_STATUSES.filter((s) => s !== 'published'))('returns null for a %s listing', (status) => {
    expect(publicListingOf(listing({ status }))).toBeNull();
    // …even one that was published before (suspended, withdrawn, sold keep publishedAt).
    expect(publicListingOf(listing({ status, publishedAt: PUBLISHED_AT }))).toBeNull();
  });

  it('returns null for a "published" listing without a publication time (an inconsistent row is not shown)', () => {
    expect(publicListingOf(listing({ publishedAt: null }))).toBeNull();
  });

  it('returns exactly the public part of a published listing', () => {
    const view = publicListingOf(listing());
    expect(view).toEqual({
      id: 'b0f5a7e2-8c1d-4e3f-9a6b-2c4d6e8f0a1b',
      title: '高超声速风洞气动测试技术',
      summary: '基于脉冲风洞的高超声速飞行器气动力与热环境测试方法',
      direction: 'mil_to_civ',
      field: 'aerodynamics',
      ipcCodes: ['G01M 9/06', 'G01S 7/48'],
      trl: 6,
      transactionModes: ['transfer', 'non_exclusive_licence'],
      askingPrice: '1250000.00',
      priceNegotiable: false,
      evaluation: null,
      publishedAt: '2025-03-14T08:30:15.123Z',
    });
    expect(Object.keys(view!).sort()).toEqual(PUBLIC_KEYS);
  });

  it('never includes a restricted field or its value', () => {
    const view = publicListingOf(listing({ evaluation: EVALUATION }))!;
    for (const key of RESTRICTED_KEYS) expect(view).not.toHaveProperty(key);
    expectNoSecretIn(view);
  });

  it('a negotiable price is null and flagged', () => {
    const view = publicListingOf(listing({ askingPriceFen: null }))!;
    expect(view.askingPrice).toBeNull();
    expect(view.priceNegotiable).toBe(true);
  });

  it.each([
    ['0', '0.00'],
    ['1', '0.01'],
    ['99', '0.99'],
    ['1050', '10.50'],
    ['999999999999999', '9999999999999.99'],
  ])('formats %s fen as %s yuan', (fen, yuan) => {
    expect(publicListingOf(listing({ askingPriceFen: fen }))!.askingPrice).toBe(yuan);
  });

  it('copies the evaluation summary', () => {
    const view = publicListingOf(listing({ evaluation: EVALUATION }))!;
    expect(view.evaluation).toEqual(EVALUATION);
    expect(view.evaluation).not.toBe(EVALUATION);
  });

  it('copies arrays: changing the view does not change the listing', () => {
    const source = listing();
    const view = publicListingOf(source)!;
    view.ipcCodes.push('H01L 21/02');
    view.transactionModes.push('transfer');
    expect(source.ipcCodes).toEqual(['G01M 9/06', 'G01S 7/48']);
    expect(source.transactionModes).toEqual(['transfer', 'non_exclusive_licence']);
  });
});

describe('catalogueDocumentOf', () => {
  it.each(LISTING_STATUSES.filter((s) => s !== 'published'))('returns null for a %s listing (it must leave the index)', (status) => {
    expect(catalogueDocumentOf(listing({ status }))).toBeNull();
  });

  it('returns null for a published listing without a publication time', () => {
    expect(catalogueDocumentOf(listing({ publishedAt: null }))).toBeNull();
  });

  it('is the public part shaped for search, and nothing else', () => {
    const document = catalogueDocumentOf(listing({ evaluation: EVALUATION }))!;
    expect(Object.keys(document).sort()).toEqual(CATALOGUE_KEYS);
    expect(document).toEqual({
      id: 'b0f5a7e2-8c1d-4e3f-9a6b-2c4d6e8f0a1b',
      title: '高超声速风洞气动测试技术',
      summary: '基于脉冲风洞的高超声速飞行器气动力与热环境测试方法',
      direction: 'mil_to_civ',
      field: 'aerodynamics',
      ipcCodes: ['G01M 9/06', 'G01S 7/48'],
      ipcPrefixes: ['G', 'G01', 'G01M', 'G01M 9', 'G01M 9/06', 'G01S', 'G01S 7', 'G01S 7/48'],
      trl: 6,
      transactionModes: ['transfer', 'non_exclusive_licence'],
      askingPrice: '1250000.00',
      askingPriceFen: 125000000,
      priceNegotiable: false,
      hasEvaluation: true,
      evaluationGrade: 'A',
      evaluation: EVALUATION,
      publishedAt: PUBLISHED_AT.getTime(),
      publishedAtIso: '2025-03-14T08:30:15.123Z',
    });
    expect(document.publishedAt).toBe(1741941015123); // milliseconds: newest-first is exact within a second
    for (const key of RESTRICTED_KEYS) expect(document).not.toHaveProperty(key);
    expectNoSecretIn(document);
  });

  describe('ipcPrefixes', () => {
    it.each([
      [['G01S 7/48'], ['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48']],
      [['G01S'], ['G', 'G01', 'G01S']],
      // shared levels appear once, in first-seen order
      [['G01S 7/48', 'G01S 17/89'], ['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48', 'G01S 17', 'G01S 17/89']],
      [['G01S 7/48', 'G01S 7/52'], ['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48', 'G01S 7/52']],
      [['G01S', 'G01S 7/48'], ['G', 'G01', 'G01S', 'G01S 7', 'G01S 7/48']],
      [['H01S 3/067', 'A61K 31/4439'], ['H', 'H01', 'H01S', 'H01S 3', 'H01S 3/067', 'A', 'A61', 'A61K', 'A61K 31', 'A61K 31/4439']],
      [[], []],
    ])('of %j are %j', (ipcCodes, prefixes) => {
      const document = catalogueDocumentOf(listing({ ipcCodes }))!;
      expect(document.ipcPrefixes).toEqual(prefixes);
      expect(new Set(document.ipcPrefixes).size).toBe(document.ipcPrefixes.length);
      expect(document.ipcCodes).toEqual(ipcCodes);
    });

    it('keeps main group 1 apart from main group 17', () => {
      expect(catalogueDocumentOf(listing({ ipcCodes: ['G01S 17/89'] }))!.ipcPrefixes).not.toContain('G01S 1');
    });
  });

  describe('askingPriceFen', () => {
    it.each([
      ['0', 0],
      ['1', 1],
      ['125000000', 125000000],
      // the largest accepted price (9 999 999 999 999.99 yuan) is still an exact number
      ['999999999999999', 999999999999999],
    ])('fen %s is the number %d, consistent with askingPrice', (fen, number) => {
      const document = catalogueDocumentOf(listing({ askingPriceFen: fen }))!;
      expect(document.askingPriceFen).toBe(number);
      expect(Number.isSafeInteger(document.askingPriceFen)).toBe(true);
      expect(document.askingPrice).toBe(publicListingOf(listing({ askingPriceFen: fen }))!.askingPrice);
      expect(document.priceNegotiable).toBe(false);
    });

    it('is null for a negotiable listing', () => {
      const document = catalogueDocumentOf(listing({ askingPriceFen: null }))!;
      expect(document).toMatchObject({ askingPriceFen: null, askingPrice: null, priceNegotiable: true });
    });
  });

  it('without an evaluation: hasEvaluation false, grade null', () => {
    expect(catalogueDocumentOf(listing({ evaluation: null }))).toMatchObject({ hasEvaluation: false, evaluationGrade: null, evaluation: null });
  });
});

describe('highlight markers in owner text', () => {
  it('are replaced in the public part, so no one can inject <mark> into catalogue results', () => {
    const view = publicListingOf(listing({ title: 'Spectral \uE000 calibrator \uE001 bench', summary: 'a\uE001b' }))!;
    expect(view.title).toBe('Spectral \uFFFD calibrator \uFFFD bench');
    expect(view.summary).toBe('a\uFFFDb');
    expect(catalogueDocumentOf(listing({ title: 'x\uE000y' }))!.title).toBe('x\uFFFDy');
  });
});
