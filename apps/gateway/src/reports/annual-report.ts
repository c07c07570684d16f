import {
  AnnualReport,
  DIRECTIONS,
  formatFen,
  ListingFactRow,
  MarketFacts,
  OrganisationDirectoryEntry,
  OrganisationReportRow,
  PROVINCES,
  REPORT_TIME_ZONE,
  ReportBreakdownRow,
  ReportMetrics,
  TECHNICAL_FIELD_NAMES,
  TECHNICAL_FIELDS,
} from '@lib/contracts';

type Dimension = 'field' | 'direction' | 'region' | 'month';
type Label = { zh: string; en: string };

const DIRECTION_NAMES: Record<string, Label> = {
  mil_to_civ: { zh: '军转民', en: 'Military to civilian' },
  civ_to_mil: { zh: '民参军', en: 'Civilian to military' },
};
const UNKNOWN: Label = { zh: '未知', en: 'Unknown' };
const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1));

class Tally {
  listingsPublished = 0;
  evaluationsCompleted = 0;
  auctionsHeld = 0;
  auctionsCleared = 0;
  negotiatedDeals = 0;
  tradesCompleted = 0;
  volumeFen = 0n;
  daysToDeal: number[] = [];

  metrics(): ReportMetrics {
    return {
      listingsPublished: this.listingsPublished,
      evaluationsCompleted: this.evaluationsCompleted,
      auctionsHeld: this.auctionsHeld,
      auctionsCleared: this.auctionsCleared,
      clearanceRate: this.auctionsHeld === 0 ? null : (this.auctionsCleared / this.auctionsHeld).toFixed(4),
      negotiatedDeals: this.negotiatedDeals,
      tradesCompleted: this.tradesCompleted,
      tradeVolume: formatFen(this.volumeFen),
      medianDaysToDeal: median(this.daysToDeal),
    };
  }
}

/** The middle value (mean of the two middle ones for an even count), to one decimal; null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(value * 10) / 10;
}

/** A province code (GB/T 2260) from any 6-digit division code: 510703 → 510000. */
export const provinceOf = (regionCode: string | undefined): string => (regionCode && /^\d{6}$/.test(regionCode) ? `${regionCode.slice(0, 2)}0000` : 'unknown');

/**
 * Builds the annual report from the services' facts. Each fact counts in the totals and in one row
 * of every breakdown: listings by their publication month, auctions by their close, negotiated
 * deals and days-to-deal by the deal's month, completed trades and their volume by the completion
 * month; regions are the selling organisation's province. `organisations` adds the operators'
 * per-organisation detail.
 */
export function buildAnnualReport(
  year: number,
  listings: ListingFactRow[],
  market: MarketFacts,
  directory: Map<string, OrganisationDirectoryEntry>,
  options: { organisations: boolean } = { organisations: false },
): AnnualReport {
  const totals = new Tally();
  const buckets: Record<Dimension, Map<string, Tally>> = { field: new Map(), direction: new Map(), region: new Map(), month: new Map() };
  const regionOf = (organisationId: string) => provinceOf(directory.get(organisationId)?.regionCode);
  const tallies = (keys: Record<Dimension, string | null>): Tally[] => {
    const found = [totals];
    for (const dimension of Object.keys(buckets) as Dimension[]) {
      const key = keys[dimension] ?? 'unknown';
      let tally = buckets[dimension].get(key);
      if (!tally) buckets[dimension].set(key, (tally = new Tally()));
      found.push(tally);
    }
    return found;
  };

  const perOrganisation = new Map<string, Omit<OrganisationReportRow, 'organisationId' | 'name' | 'kind' | 'region' | 'volumeAsSeller' | 'volumeAsBuyer'> & { sellerFen: bigint; buyerFen: bigint }>();
  const organisation = (id: string) => {
    let row = perOrganisation.get(id);
    if (!row) {
      row = { listingsPublished: 0, auctionsHeld: 0, auctionsCleared: 0, dealsAsSeller: 0, dealsAsBuyer: 0, sellerFen: 0n, buyerFen: 0n };
      perOrganisation.set(id, row);
    }
    return row;
  };

  for (const fact of listings) {
    for (const tally of tallies({ field: fact.field, direction: fact.direction, region: regionOf(fact.organisationId), month: String(fact.month) })) {
      tally.listingsPublished += fact.published;
      tally.evaluationsCompleted += fact.evaluated;
    }
    organisation(fact.organisationId).listingsPublished += fact.published;
  }
  for (const fact of market.auctions) {
    for (const tally of tallies({ field: fact.field, direction: fact.direction, region: regionOf(fact.sellerOrganisationId), month: String(fact.month) })) {
      tally.auctionsHeld += fact.held;
      tally.auctionsCleared += fact.cleared;
    }
    const row = organisation(fact.sellerOrganisationId);
    row.auctionsHeld += fact.held;
    row.auctionsCleared += fact.cleared;
  }
  for (const trade of market.trades) {
    const where = { field: trade.field, direction: trade.direction, region: regionOf(trade.sellerOrganisationId) };
    if (trade.dealMonth !== null) {
      for (const tally of tallies({ ...where, month: String(trade.dealMonth) })) {
        if (trade.source === 'negotiation') tally.negotiatedDeals += 1;
        if (trade.daysToDeal !== null) tally.daysToDeal.push(trade.daysToDeal);
      }
      organisation(trade.sellerOrganisationId).dealsAsSeller += 1;
      organisation(trade.buyerOrganisationId).dealsAsBuyer += 1;
    }
    if (trade.completedMonth !== null) {
      const price = BigInt(trade.priceFen);
      for (const tally of tallies({ ...where, month: String(trade.completedMonth) })) {
        tally.tradesCompleted += 1;
        tally.volumeFen += price;
      }
      organisation(trade.sellerOrganisationId).sellerFen += price;
      organisation(trade.buyerOrganisationId).buyerFen += price;
    }
  }

  const rows = (dimension: Dimension, keys: string[], label: (key: string) => Label): ReportBreakdownRow[] => {
    const present = [...buckets[dimension].keys()].filter((k) => !keys.includes(k)).sort();
    return [...keys, ...present].map((key) => ({ key, label: label(key), ...(buckets[dimension].get(key) ?? new Tally()).metrics() }));
  };

  const report: AnnualReport = {
    year,
    timeZone: REPORT_TIME_ZONE,
    totals: totals.metrics(),
    byField: rows('field', [...TECHNICAL_FIELDS], (k) => TECHNICAL_FIELD_NAMES[k as keyof typeof TECHNICAL_FIELD_NAMES] ?? UNKNOWN),
    byDirection: rows('direction', [...DIRECTIONS], (k) => DIRECTION_NAMES[k] ?? UNKNOWN),
    byRegion: rows('region', [], (k) => PROVINCES[k] ?? UNKNOWN),
    byMonth: rows('month', MONTHS, (k) => ({ zh: `${k}月`, en: new Date(Date.UTC(2000, Number(k) - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' }) })),
  };
  if (options.organisations) {
    report.organisations = [...perOrganisation.entries()]
      .map(([organisationId, r]) => {
        const entry = directory.get(organisationId);
        return {
          organisationId,
          name: entry?.name ?? '',
          kind: entry?.kind ?? '',
          region: provinceOf(entry?.regionCode),
          listingsPublished: r.listingsPublished,
          auctionsHeld: r.auctionsHeld,
          auctionsCleared: r.auctionsCleared,
          dealsAsSeller: r.dealsAsSeller,
          dealsAsBuyer: r.dealsAsBuyer,
          volumeAsSeller: formatFen(r.sellerFen),
          volumeAsBuyer: formatFen(r.buyerFen),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.organisationId.localeCompare(b.organisationId));
  }
  return report;
}

const METRIC_COLUMNS: (keyof ReportMetrics)[] = [
  'listingsPublished',
  'evaluationsCompleted',
  'auctionsHeld',
  'auctionsCleared',
  'clearanceRate',
  'negotiatedDeals',
  'tradesCompleted',
  'tradeVolume',
  'medianDaysToDeal',
];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (values: unknown[]) => values.map(csvField).join(',');

/** One CSV of every breakdown: a `breakdown` column (total, field, direction, region, month), then the metrics. */
export function annualReportCsv(report: AnnualReport): string {
  const lines = [csvLine(['year', 'breakdown', 'key', 'label_zh', 'label_en', ...METRIC_COLUMNS])];
  lines.push(csvLine([report.year, 'total', '', '', '', ...METRIC_COLUMNS.map((c) => report.totals[c])]));
  const sections: [string, ReportBreakdownRow[]][] = [
    ['field', report.byField],
    ['direction', report.byDirection],
    ['region', report.byRegion],
    ['month', report.byMonth],
  ];
  for (const [name, rows] of sections) {
    for (const row of rows) lines.push(csvLine([report.year, name, row.key, row.label.zh, row.label.en, ...METRIC_COLUMNS.map((c) => row[c])]));
  }
  if (report.organisations) {
    const columns: (keyof OrganisationReportRow)[] = ['organisationId', 'name', 'kind', 'region', 'listingsPublished', 'auctionsHeld', 'auctionsCleared', 'dealsAsSeller', 'dealsAsBuyer', 'volumeAsSeller', 'volumeAsBuyer'];
    lines.push('', csvLine(['year', ...columns]));
    for (const row of report.organisations) lines.push(csvLine([report.year, ...columns.map((c) => row[c])]));
  }
  return `${lines.join('\r\n')}\r\n`;
}
