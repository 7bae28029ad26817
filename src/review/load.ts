// What the review page shows, read from the store: one query for the page of claims, one for their articles
// (each once, however many of its claims are shown), and the counts of what is left.
import type { ClaimFilter, Store } from '../store/index.js';
import type { ReviewCounts, ReviewFilter, ReviewPageData } from './page.js';

/** Claims on one page of the review queue. */
export const REVIEW_PAGE_SIZE = 50;

export interface LoadOptions {
  /** The `next` of the previous page. */
  after?: string | null;
}

/** The store's filter for the page's: status 'any' filters nothing, blank fields are left out. */
export function claimFilter(f: ReviewFilter): ClaimFilter {
  const out: ClaimFilter = {};
  if (f.speaker) out.speaker = f.speaker;
  if (f.target) out.target = f.target;
  if (f.stance) out.stance = f.stance;
  if (f.site) out.site = f.site;
  if (f.since) out.since = f.since;
  if (f.until) out.until = f.until;
  if (f.status !== 'any') out.status = f.status;
  return out;
}

export async function reviewCounts(store: Store, f: ReviewFilter): Promise<ReviewCounts> {
  const filter = claimFilter(f);
  const pendingHere = await store.countClaims({ ...filter, status: 'pending' });
  const matching = f.status === 'pending' ? pendingHere : await store.countClaims(filter);
  const narrowed = Object.keys(filter).some((k) => k !== 'status');
  const pendingAll = narrowed ? await store.countClaims({ status: 'pending' }) : pendingHere;
  return { matching, pendingHere, pendingAll };
}

/** The claims, articles and counts of one page; the caller adds who is looking. */
export async function loadReviewPage(store: Store, f: ReviewFilter, opts: LoadOptions = {}): Promise<Pick<ReviewPageData, 'filter' | 'claims' | 'articles' | 'next' | 'paged' | 'counts'>> {
  const page = await store.listClaims(claimFilter(f), { after: opts.after ?? null, limit: f.limit ?? REVIEW_PAGE_SIZE });
  const articles = await store.articleTexts(page.items.map((c) => c.articleId));
  return { filter: f, claims: page.items, articles, next: page.next, paged: !!opts.after, counts: await reviewCounts(store, f) };
}
