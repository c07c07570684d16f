import { CatalogueDocument, formatFen, ipcPrefixesOf, PublicListingView } from '@lib/contracts';
import { ListingEntity } from '../listings/listing.entity';

/**
 * THE one place that decides what of a listing is public. It returns nothing unless the listing
 * is published, and then only the public part of BRIEF.md (never the description, patents,
 * secrecy level, declassification record, dossier or owner). The anonymous API, the search
 * index and any event other organisations can read are all built from its result.
 */
export function publicListingOf(listing: ListingEntity): PublicListingView | null {
  if (listing.status !== 'published' || !listing.publishedAt) return null;
  return {
    id: listing.id,
    title: withoutHighlightMarkers(listing.title),
    summary: withoutHighlightMarkers(listing.summary),
    direction: listing.direction,
    field: listing.field,
    ipcCodes: [...listing.ipcCodes],
    trl: listing.trl,
    transactionModes: [...listing.transactionModes],
    askingPrice: listing.askingPriceFen === null ? null : formatFen(listing.askingPriceFen),
    priceNegotiable: listing.askingPriceFen === null,
    evaluation: listing.evaluation ? { ...listing.evaluation } : null,
    publishedAt: listing.publishedAt.toISOString(),
  };
}

/** The catalogue document of a listing, or null: it must not be (or no longer be) in the index. */
export function catalogueDocumentOf(listing: ListingEntity): CatalogueDocument | null {
  const view = publicListingOf(listing);
  if (!view) return null;
  return {
    id: view.id,
    title: view.title,
    summary: view.summary,
    direction: view.direction,
    field: view.field,
    ipcCodes: view.ipcCodes,
    ipcPrefixes: [...new Set(view.ipcCodes.flatMap(ipcPrefixesOf))],
    trl: view.trl,
    transactionModes: view.transactionModes,
    askingPrice: view.askingPrice,
    askingPriceFen: listing.askingPriceFen === null ? null : Number(listing.askingPriceFen),
    priceNegotiable: view.priceNegotiable,
    hasEvaluation: view.evaluation !== null,
    evaluationGrade: view.evaluation?.grade ?? null,
    evaluation: view.evaluation,
    publishedAt: new Date(view.publishedAt).getTime(),
    publishedAtIso: view.publishedAt,
  };
}

/**
 * The catalogue marks highlights with the private-use characters U+E000/U+E001 before escaping
 * HTML; an owner's text must not contain them, or it could inject <mark> tags into results.
 */
export function withoutHighlightMarkers(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '\uFFFD');
}
