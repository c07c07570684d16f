import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { CatalogueDocument } from '@lib/contracts';
import { LISTING_MATCHING_PRIORITY, MatchingJob, matchListingJobId, QueueName } from '@lib/queues';
import { Queue } from 'bullmq';

/**
 * How matching hears about publications: the catalogue relay, which applies every change of the
 * listings outbox to Meilisearch, hands each batch here before acknowledging it. A listing written to
 * the catalogue is matched against open demands; one removed from it has its matches retired. If
 * queueing fails the relay fails too, and the outbox replays the batch: no publication is missed.
 */
@Injectable()
export class CatalogueMatching {
  constructor(@InjectQueue(QueueName.matching) private readonly queue: Queue) {}

  async catalogueChanged(upserts: CatalogueDocument[], removals: string[]): Promise<void> {
    const jobs = [
      // One job per publication and public-part version: a replayed batch does not match twice.
      ...upserts.map((document) => ({
        name: MatchingJob.matchListing,
        data: { listingId: document.id },
        opts: { jobId: matchListingJobId(document.id, `${document.publishedAt}-${stampOf(document)}`), priority: LISTING_MATCHING_PRIORITY },
      })),
      // One job for all of a batch's removals (a settlement burst removes hundreds of sold listings a second),
      // unprioritised: a sold or withdrawn listing's matches are retired before any publication is matched.
      ...chunks(removals, RETIRE_BATCH).map((listingIds) => ({ name: MatchingJob.retireListing, data: { listingIds }, opts: {} })),
    ];
    if (jobs.length) await this.queue.addBulk(jobs);
  }
}

/** The most listings one retire job names (the matching service's limit per request). */
const RETIRE_BATCH = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A short fingerprint of what the matcher reads of a document, so a changed public part is matched again. */
function stampOf(document: CatalogueDocument): string {
  const text = JSON.stringify([document.title, document.summary, document.field, document.direction, document.ipcCodes, document.trl, document.askingPrice, document.evaluationGrade]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}
