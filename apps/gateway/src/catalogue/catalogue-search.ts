import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { CatalogueDocument, CatalogueHit, CatalogueQuery, CatalogueResult, parseYuanToFen } from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { catalogueIndexName } from '@lib/search';
import { Meilisearch } from 'meilisearch';

const FACETS = ['field', 'direction', 'transactionModes', 'trl', 'hasEvaluation', 'evaluationGrade'] as const;
const SORTS: Record<string, string[] | undefined> = {
  relevance: undefined,
  newest: ['publishedAt:desc', 'id:asc'],
  price_asc: ['askingPriceFen:asc', 'id:asc'],
  price_desc: ['askingPriceFen:desc', 'id:asc'],
  trl_desc: ['trl:desc', 'publishedAt:desc', 'id:asc'],
};

// Private-use characters mark highlights, so the text can be HTML-escaped before <mark> is added.
const PRE = '\uE000';
const POST = '\uE001';

/** A string literal in Meilisearch's filter syntax. Inputs are validated already; this is belt and braces. */
const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function catalogueFilter(query: CatalogueQuery): string[] {
  const filter: string[] = [];
  if (query.field?.length) filter.push(`field IN [${query.field.map(quote).join(', ')}]`);
  if (query.direction) filter.push(`direction = ${quote(query.direction)}`);
  if (query.trlMin !== undefined) filter.push(`trl >= ${query.trlMin}`);
  if (query.trlMax !== undefined) filter.push(`trl <= ${query.trlMax}`);
  if (query.ipc) filter.push(`ipcPrefixes = ${quote(query.ipc)}`);
  if (query.mode?.length) filter.push(`transactionModes IN [${query.mode.map(quote).join(', ')}]`);
  if (query.priceMin !== undefined) filter.push(`askingPriceFen >= ${parseYuanToFen(query.priceMin)}`);
  if (query.priceMax !== undefined) filter.push(`askingPriceFen <= ${parseYuanToFen(query.priceMax)}`);
  if (query.hasEvaluation !== undefined) filter.push(`hasEvaluation = ${query.hasEvaluation}`);
  if (query.grade?.length) filter.push(`evaluationGrade IN [${query.grade.map(quote).join(', ')}]`);
  return filter;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function highlighted(text: string): string {
  return escapeHtml(text).split(PRE).join('<mark>').split(POST).join('</mark>');
}

/** The public catalogue, answered from Meilisearch (which holds published listings only). */
@Injectable()
export class CatalogueSearch {
  constructor(
    private readonly meili: Meilisearch,
    private readonly config: AppConfig,
  ) {}

  async search(query: CatalogueQuery): Promise<CatalogueResult> {
    const index = this.meili.index<CatalogueDocument>(catalogueIndexName(this.config));
    const response = await index
      .search(query.q ?? '', {
        filter: catalogueFilter(query),
        facets: [...FACETS],
        sort: SORTS[query.sort],
        page: query.page,
        hitsPerPage: query.pageSize,
        attributesToHighlight: ['title', 'summary'],
        highlightPreTag: PRE,
        highlightPostTag: POST,
        attributesToCrop: ['summary'],
        cropLength: 80,
      })
      .catch((error: { cause?: { code?: string }; name?: string }) => {
        if (error?.cause?.code === 'index_not_found') return null;
        throw CommonErrors.serviceUnavailable('catalogue', 'search is unavailable');
      });
    if (!response) return { hits: [], page: query.page, pageSize: query.pageSize, total: 0, facets: emptyFacets(), processingTimeMs: 0 };
    const hits: CatalogueHit[] = response.hits.map((hit) => {
      const { ipcPrefixes: _p, askingPriceFen: _f, publishedAt: _t, publishedAtIso, evaluationGrade: _g, hasEvaluation: _h, _formatted, ...listing } = hit as CatalogueDocument & {
        _formatted?: Record<string, string>;
      };
      return {
        listing: { ...listing, publishedAt: publishedAtIso },
        highlight: { title: highlighted(_formatted?.title ?? hit.title), summary: highlighted(_formatted?.summary ?? hit.summary) },
      };
    });
    const facets = emptyFacets();
    for (const name of FACETS) Object.assign(facets[name], response.facetDistribution?.[name] ?? {});
    return {
      hits,
      page: response.page ?? query.page,
      pageSize: response.hitsPerPage ?? query.pageSize,
      total: response.totalHits ?? hits.length,
      facets,
      processingTimeMs: response.processingTimeMs,
    };
  }
}

function emptyFacets(): CatalogueResult['facets'] {
  return { field: {}, direction: {}, transactionModes: {}, trl: {}, hasEvaluation: {}, evaluationGrade: {} };
}
