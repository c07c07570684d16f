/**
 * Turning a demand (or a listing) into full-text queries for Meilisearch. Meilisearch reads at most
 * ten words of a query, so one long description would be cut after its first clause; instead the
 * title (its Chinese and its English part) and the first clauses of the text each become a short
 * query, stripped of the filler a request is wrapped in ("我公司需要…", "用于…").
 */

/** Words that say "we want" rather than what is wanted. Removed wherever they occur. */
const FILLER = [
  '我公司', '本公司', '我单位', '本单位', '我院', '本院', '我所', '本所', '我们', '我方', '贵方',
  '急需', '需要', '需求', '寻求', '寻找', '希望', '求购', '征集', '采购', '引进', '拟', '欢迎',
  '要求', '用于', '面向', '针对', '相关', '一种', '一套', '提供', '具备', '能够', '可以', '满足',
  '合作', '技术成果', '单位', '等',
];
const FILLER_PATTERN = new RegExp(FILLER.sort((a, b) => b.length - a.length).join('|'), 'g');
const LATIN_FILLER = /\b(we|are|is|looking|for|need|needs|seek|seeking|want|a|an|the|of|and|or|to|with|our)\b/gi;

/** Enough of a clause left to search for: two CJK characters or a Latin word of three letters. */
const meaningful = (text: string) => (text.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 2 || /[A-Za-z]{3,}/.test(text);

export function cleanQuery(text: string): string {
  return text
    .replace(FILLER_PATTERN, ' ')
    .replace(LATIN_FILLER, ' ')
    .replace(/[()（）【】\[\]「」“”"'‘’<>《》]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A title's Chinese part and its English part in parentheses (listings are titled `中文 (English)`). */
export function titleParts(title: string): string[] {
  const parts: string[] = [];
  const english = /[(（]([^()（）]*[A-Za-z][^()（）]*(?:\([^()]*\)[^()（）]*)*)[)）]\s*$/.exec(title);
  if (english) {
    parts.push(title.slice(0, english.index));
    parts.push(english[1]);
  } else {
    parts.push(title);
  }
  return parts;
}

export interface TextQuery {
  q: string;
  /** The title's queries count fully; clauses of the body a little less. */
  weight: number;
}

/** At most `max` distinct short queries: the title's parts first, then the body's clauses in order. */
export function textQueriesOf(title: string, body: string, max = 6): TextQuery[] {
  const queries: TextQuery[] = [];
  const seen = new Set<string>();
  const add = (raw: string, weight: number) => {
    const q = cleanQuery(raw).slice(0, 60).trim();
    if (!q || !meaningful(q) || seen.has(q) || queries.length >= max) return;
    seen.add(q);
    queries.push({ q, weight });
  };
  for (const part of titleParts(title)) add(part, 1);
  for (const sentence of body.split(/[。；;！!？?\n]+/)) {
    // Long sentences are split at commas too, so each query stays within Meilisearch's ten words.
    const clauses = sentence.length > 30 ? sentence.split(/[，,：:]+/) : [sentence];
    for (const clause of clauses) add(clause, 0.85);
  }
  return queries;
}

/**
 * The text relevance of one document from its ranking scores under each query: the best weighted
 * score, nudged up a little when other queries found it too (agreement between title and text).
 */
export function combinedRelevance(scores: readonly { score: number; weight: number }[]): number {
  if (scores.length === 0) return 0;
  const weighted = scores.map((s) => s.score * s.weight).sort((a, b) => b - a);
  const [best, ...rest] = weighted;
  const support = rest.slice(0, 2).reduce((sum, s) => sum + s, 0);
  return Math.min(1, best + 0.1 * support);
}
