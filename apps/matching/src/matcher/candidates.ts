import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lib/config';
import { catalogueIndexName, demandIndexName } from '@lib/search';
import { Meilisearch, MultiSearchQuery } from 'meilisearch';
import { combinedRelevance, TextQuery } from '../domain/text-queries';

/** Hits per text query, and from the structured query (related by field or IPC, newest first). */
export const TEXT_HITS = 50;
export const RELATED_HITS = 100;

export interface CandidateSearch {
  queries: TextQuery[];
  hard: string[];
  related: string;
}

/**
 * Finds candidates in Meilisearch with one multi-search: each short text query (its ranking score is
 * the text relevance) and one structured query for what is related by field or IPC subclass but
 * shares no words. Answers each candidate's text relevance, 0 for those found only structurally.
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
        // Drop the most common words first when not every word is found: rare words say most.
        matchingStrategy: 'frequency' as const,
        attributesToRetrieve: ['id'],
      })),
      { indexUid, q: '', filter: [...search.hard, search.related], limit: RELATED_HITS, sort: newestFirst, attributesToRetrieve: ['id'] },
    ];
    const response = await this.meili.multiSearch({ queries }).catch((error: { cause?: { code?: string } }) => {
      // No index yet (nothing was ever published or posted): no candidates.
      if (error?.cause?.code === 'index_not_found') return null;
      throw error;
    });
    const scores = new Map<string, { score: number; weight: number }[]>();
    if (!response) return new Map();
    response.results.forEach((result, i) => {
      const query = search.queries[i];
      for (const hit of result.hits as { id: string; _rankingScore?: number }[]) {
        const list = scores.get(hit.id) ?? [];
        if (query) list.push({ score: hit._rankingScore ?? 0, weight: query.weight });
        scores.set(hit.id, list);
      }
    });
    return new Map([...scores].map(([id, list]) => [id, combinedRelevance(list)]));
  }
}
