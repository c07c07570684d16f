import { Injectable } from '@nestjs/common';
import { Actor } from '@lib/auth';
import { DemandDocument, DemandPublicView, DemandSearchQuery, DemandSearchResult } from '@lib/contracts';
import { CommonErrors } from '@lib/errors';
import { Meilisearch } from 'meilisearch';
import { chinaDateOf, dayNumber } from '../domain/dates';
import { DemandIndexer } from './demand-indexer';
import { readableVisibilities } from './demand-views';

const SORTS: Record<string, string[] | undefined> = {
  relevance: undefined,
  newest: ['postedAt:desc', 'id:asc'],
  deadline: ['deadlineDay:asc', 'id:asc'],
};

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The filter of a demand search: what the caller may read, not expired, and the caller's filters. */
export function demandSearchFilter(query: DemandSearchQuery, actor: Actor | null, today: string): string[] {
  const filter = [`visibility IN [${readableVisibilities(actor).map(quote).join(', ')}]`, `deadlineDay >= ${dayNumber(today)}`];
  if (query.field?.length) filter.push(`field IN [${query.field.map(quote).join(', ')}]`);
  if (query.direction) filter.push(`direction = ${quote(query.direction)}`);
  if (query.ipc) filter.push(`ipcPrefixes = ${quote(query.ipc)}`);
  if (query.trl !== undefined) filter.push(`minTrl <= ${query.trl}`);
  return filter;
}

/** The public part of a search document (the same fields as `publicDemandOf`). */
export function publicDemandOfDocument(document: DemandDocument, today: string): DemandPublicView {
  return {
    id: document.id,
    title: document.title,
    description: document.description,
    field: document.field,
    direction: document.direction,
    ipcCodes: document.ipcCodes,
    minTrl: document.minTrl,
    budget: document.budget,
    budgetNegotiable: document.budgetNegotiable,
    deadline: document.deadline,
    visibility: document.visibility,
    postedAt: document.postedAtIso,
    expired: document.deadline < today,
  };
}

/** Searching open demands in Meilisearch, which holds open ones only. */
@Injectable()
export class DemandSearch {
  constructor(
    private readonly meili: Meilisearch,
    private readonly indexer: DemandIndexer,
  ) {}

  async search(actor: Actor | null, query: DemandSearchQuery): Promise<DemandSearchResult> {
    const today = chinaDateOf(new Date());
    const response = await this.meili
      .index<DemandDocument>(this.indexer.indexName)
      .search(query.q ?? '', {
        filter: demandSearchFilter(query, actor, today),
        sort: SORTS[query.sort],
        page: query.page,
        hitsPerPage: query.pageSize,
      })
      .catch((error: { cause?: { code?: string } }) => {
        if (error?.cause?.code === 'index_not_found') return null;
        throw CommonErrors.serviceUnavailable('demand search', 'search is unavailable');
      });
    if (!response) return { hits: [], page: query.page, pageSize: query.pageSize, total: 0, processingTimeMs: 0 };
    return {
      hits: response.hits.map((hit) => publicDemandOfDocument(hit, today)),
      page: response.page ?? query.page,
      pageSize: response.hitsPerPage ?? query.pageSize,
      total: response.totalHits ?? response.hits.length,
      processingTimeMs: response.processingTimeMs,
    };
  }
}
