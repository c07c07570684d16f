import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { catalogueIndexName, demandIndexName } from '@lib/search';
import { Meilisearch, MultiSearchQuery } from 'meilisearch';
import { combinedRelevance, PhraseHit, specificity, TextQuery } from '../domain/text-queries';

/** Hits per text query, and from the structured query (related by field or IPC, newest first). */
export const TEXT_HITS = 50;
export const RELATED_HITS = 100;

export interface CandidateSearch {
  queries: TextQuery[];
  hard: string[];
  related: string;
}

/**
 * Finds candidates in Meilisearch with one multi-search: each short phrase of the text (its ranking
 * score, weighted by where the phrase came from and how specific it is, makes the text relevance), one
 * structured query for what is related by field or IPC subclass but shares no words, and a count of
 * the documents the hard rules leave (for the phrases' specificity). Answers each candidate's text
 * relevance, 0 for those found only structurally.
 */
@Injectable()
export class MatchCandidates {
  constructor(
    private readonly meili: Meilisearch,
    private readonly config: AppConfig,
  ) {}

  listings(search: CandidateSearch): Promise<Map<string, number>> {
    return this.find(catalogueIndexName(this.config), search, ['publishedAt:desc', 'id:asc']);
  }

  demands(search: CandidateSearch): Promise<Map<string, number>> {
    return this.find(demandIndexName(this.config), search, ['postedAt:desc', 'id:asc']);
  }

  private async find(indexUid: string, search: CandidateSearch, newestFirst: string[]): Promise<Map<string, number>> {
    const queries: MultiSearchQuery[] = [
      ...search.queries.map((query) => ({
        indexUid,
        q: query.q,
        filter: search.hard,
        limit: TEXT_HITS,
        showRankingScore: true,
        // When not every word is found, drop the most common ones first: rare words say most.
        matchingStrategy: 'frequency' as const,
        attributesToRetrieve: ['id'],
      })),
      { indexUid, q: '', filter: [...search.hard, search.related], limit: RELATED_HITS, sort: newestFirst, attributesToRetrieve: ['id'] },
      { indexUid, q: '', filter: search.hard, limit: 0 },
    ];
    const response = await this.meili.multiSearch({ queries }).catch((error: { cause?: { code?: string } }) => {
      // No index yet (nothing was ever published or posted): no candidates.
      if (error?.cause?.code === 'index_not_found') return null;
      throw error;
    });
    if (!response) return new Map();
    const total = response.results[response.results.length - 1].estimatedTotalHits ?? 0;
    const scores = new Map<string, PhraseHit[]>();
    response.results.slice(0, -1).forEach((result, i) => {
      const query = search.queries[i];
      const found = specificity(result.estimatedTotalHits ?? result.hits.length, total);
      for (const hit of result.hits as { id: string; _rankingScore?: number }[]) {
        const list = scores.get(hit.id) ?? [];
        if (query) list.push({ score: hit._rankingScore ?? 0, weight: query.weight, specificity: found });
        scores.set(hit.id, list);
      }
    });
    return new Map([...scores].map(([id, list]) => [id, combinedRelevance(list)]));
  }
}
