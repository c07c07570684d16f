/**
 * Turning a demand (or a listing) into full-text queries for Meilisearch, and their results into one
 * text relevance.
 *
 * Meilisearch keeps the rarest words of a query when it cannot match them all, so a word that no
 * document contains ("缓解", "预防") empties the whole query, and it reads at most ten words. A long
 * sentence is therefore a poor query. Instead the text is cut into short phrases at punctuation and
 * at the words Chinese joins phrases with (的, 和, 或, 与, 及, 、), the words that wrap a request
 * ("我公司需要…") and the generic nouns every title ends in (技术, 系统, 平台…) are dropped, and each
 * phrase is searched on its own, requiring all its words. A phrase counts by where it came from (what
 * a demand says it needs counts more than what it will be used for) and by how specific it is (a
 * phrase found in a few documents says more than one found in many).
 */

/** Words that wrap a request rather than say what is wanted; removed wherever they occur. */
const FILLER = [
  '我公司', '本公司', '我单位', '本单位', '我院', '本院', '我所', '本所', '我们', '我方', '贵方', '本成果', '本产品', '本单位研制的',
  '急需', '需要', '需求', '寻求', '寻找', '希望', '求购', '征集', '采购', '引进', '欢迎', '最好', '也可考虑', '可考虑', '附带', '配套',
  '要求', '用于', '面向', '针对', '相关', '一种', '一套', '提供', '具备', '能够', '可以', '满足', '合作', '开发', '研制',
  '技术成果', '技术', '方法', '系统', '装置', '工艺', '平台', '设备', '装备', '产品', '服务', '解决方案', '方案', '能力', '模块',
  '终端', '软件', '测试平台', '及其制备方法', '制备方法', '制备', '建设', '国产化', '自主可控', '高性能', '成熟', '商用',
];
const FILLER_PATTERN = new RegExp([...FILLER].sort((a, b) => b.length - a.length).join('|'), 'g');
const LATIN_FILLER = /\b(we|are|is|looking|for|need|needs|seek|seeking|want|a|an|the|of|and|or|to|with|our|technology|system|solution)\b/gi;

/** Where a phrase is cut: punctuation, brackets, and the words that join Chinese phrases (及其 is one word, not 及). */
const CUTS = /[，,。；;！!？?、：:\n()（）【】[\]「」“”"'‘’《》<>/]|以及|或者|及其|和|或|与|及|的|并|等/;

/** Clauses that say what is needed, and clauses that only say what for or who asks. */
const NEED = /需要|急需|寻求|寻找|求购|征集|引进|希望获得|拟采购|欢迎/;
const CONTEXT = /^(用于|面向|为了|为|针对|应用于|服务于|以便|以|从事|我公司从事|本公司从事|本所为|我们从事)|从事/;

/** Enough of a phrase left to search for: two CJK characters, or a Latin word of two letters or more (SAR, PIV). */
const meaningful = (text: string) => (text.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= 2 || /[A-Za-z]{2,}/.test(text);

export function cleanPhrase(text: string): string {
  return text.replace(FILLER_PATTERN, ' ').replace(LATIN_FILLER, ' ').replace(/\s+/g, ' ').trim();
}

/** A title's Chinese part and its English part in parentheses (listings are titled `中文 (English)`). */
export function titleParts(title: string): string[] {
  const english = /[(（]([^()（）]*[A-Za-z][^()（）]*(?:\([^()]*\)[^()（）]*)*)[)）]\s*$/.exec(title);
  return english ? [title.slice(0, english.index), english[1]] : [title];
}

export interface TextQuery {
  q: string;
  /** 1 for what is needed (and titles), less for context: the use it is for, who asks. */
  weight: number;
}

/** The phrases of a piece of text. English is cut at commas and brackets only: its words are joined by spaces anyway. */
export function phrasesOf(text: string): string[] {
  const latin = /^[\x20-\x7e]+$/.test(text);
  const parts = latin ? text.split(/[,;()[\]/]+/) : text.split(CUTS);
  return parts.map(cleanPhrase).filter(meaningful);
}

/**
 * At most `max` distinct short queries, most telling first: the title's phrases, then what the text
 * says is needed, then the rest (context last). The same phrase keeps its highest weight.
 */
export function textQueriesOf(title: string, body: string, max = 16): TextQuery[] {
  const found = new Map<string, { weight: number; order: number }>();
  let order = 0;
  const add = (phrase: string, weight: number) => {
    const q = phrase.slice(0, 60).trim();
    const seen = found.get(q);
    if (!seen) found.set(q, { weight, order: order++ });
    else seen.weight = Math.max(seen.weight, weight);
  };
  for (const part of titleParts(title)) for (const phrase of phrasesOf(part)) add(phrase, 1);
  for (const clause of body.split(/[，,。；;！!？?\n]+/)) {
    const weight = NEED.test(clause) ? 1 : CONTEXT.test(clause.trim()) ? 0.5 : 0.8;
    for (const phrase of phrasesOf(clause)) add(phrase, weight);
  }
  return [...found]
    .map(([q, { weight, order: position }]) => ({ q, weight, position }))
    .sort((a, b) => b.weight - a.weight || a.position - b.position)
    .slice(0, max)
    .map(({ q, weight }) => ({ q, weight }));
}

/**
 * How much a phrase found in `hits` of `total` documents says about a document (an inverse document
 * frequency scaled to 0–1): found in one document, 1; in every document, 0.
 */
export function specificity(hits: number, total: number): number {
  if (total <= 1 || hits <= 0) return 1;
  return Math.max(0, Math.min(1, Math.log(total / Math.min(hits, total)) / Math.log(total)));
}

export interface PhraseHit {
  /** Meilisearch's ranking score of the document for the phrase, 0–1. */
  score: number;
  /** The phrase's weight (where it came from). */
  weight: number;
  /** How specific the phrase is, 0–1. */
  specificity: number;
}

/**
 * The text relevance of one document from the phrases that found it: the best phrase, plus a little
 * for each further phrase found (two phrases of the demand in one title say more than one), at most 1.
 */
export function combinedRelevance(hits: readonly PhraseHit[]): number {
  if (hits.length === 0) return 0;
  const values = hits.map((h) => h.score * h.weight * (0.3 + 0.7 * h.specificity)).sort((a, b) => b - a);
  const [best, ...rest] = values;
  return Math.min(1, best + 0.25 * rest.slice(0, 3).reduce((sum, v) => sum + v, 0));
}
