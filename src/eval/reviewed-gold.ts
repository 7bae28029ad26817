// Analysts' reviews as gold (`newsdesk export --reviewed`), pure: a reviewed article → a gold file in the
// format of ../shared/gold and fixtures/articles/*.gold.json, beside its raw document. Accepted claims are
// gold as shown, corrected ones with the correction's values; rejected ones are left out. Entities and
// dates were never reviewed, so the file says `claimsOnly` and the scorer scores its claims alone; the
// claims nobody reviewed are listed as `unreviewed`, so a prediction of one is not counted as false.
import type { ClaimItem } from '../store/claims.js';
import type { ReviewedArticle, ReviewedEntity } from '../store/reviewed.js';

export interface ReviewedGoldClaim {
  kind: string;
  speaker: string | null;
  speakerText?: string;
  cue: string;
  content: string;
  target: string | null;
  targetText: string | null;
  stance: string;
  /** Where it came from: the stored claim and what the analyst decided. */
  claimId: string;
  review: 'accepted' | 'corrected';
}

export interface ReviewedGold {
  document: string;
  note: string;
  articleId: string;
  /** The address the document was extracted under (absent when it had none). */
  url?: string;
  publishedAt: string | null;
  claimsOnly: true;
  entities: [];
  /** The gold claims' speakers and targets, for their aliases (never counted as missing or false). */
  optionalEntities: { name: string; type: string; aliases: string[] }[];
  dates: [];
  claims: ReviewedGoldClaim[];
  unreviewed: { content: string }[];
}

export const REVIEWED_NOTE =
  "Gold made by `newsdesk export --reviewed` from analysts' reviews. Only reviewed claims are gold: accepted claims as shown, corrected claims with the correction's values; rejected claims are left out. Entities and dates were not reviewed (claimsOnly: score claims only); optionalEntities are the claims' speakers and targets, for their aliases. Claims nobody has reviewed yet are listed in unreviewed: a prediction matching one is neither right nor wrong.";

/** A file name of its own for an article id: the id where it is a plain name, else a readable part and a hash. */
export function goldFileStem(articleId: string, hash: (s: string) => string): string {
  const plain = articleId.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_').slice(0, 80);
  return plain === articleId ? plain : `${plain}-${hash(articleId).slice(0, 12)}`;
}

/** `.txt` for a document stored as plain text (ingest extracted it as text), `.html` otherwise. */
export const documentExtension = (contentType: string | null): '.txt' | '.html' => (/^text\/plain\b/i.test(contentType ?? '') ? '.txt' : '.html');

const typeOfId = (id: string) => (/^(person|organization|place|group|other):/.exec(id)?.[1] as ReviewedEntity['type'] | undefined) ?? 'other';

function goldClaim(c: ClaimItem, nameOf: (id: string) => string | null): ReviewedGoldClaim {
  const s = c.speaker;
  const t = c.target;
  return {
    kind: c.kind,
    speaker: s?.entityId ? (s.name ?? nameOf(s.entityId)) : null,
    ...(s ? { speakerText: s.text } : {}),
    cue: c.cue.text,
    content: c.content.text,
    target: t?.entityId ? (t.name ?? nameOf(t.entityId)) : null,
    targetText: t?.text ?? null,
    stance: c.stance,
    claimId: c.id,
    review: c.status === 'corrected' ? 'corrected' : 'accepted',
  };
}

/** The gold of one reviewed article whose document is written as `documentFile` beside it; null when it has
 * no accepted or corrected claim. */
export function reviewedGold(article: ReviewedArticle, documentFile: string): ReviewedGold | null {
  const kept = article.claims.filter((c) => c.status === 'accepted' || c.status === 'corrected');
  if (!kept.length) return null;
  const byId = new Map(article.entities.map((e) => [e.id, e]));
  const referenced = new Map<string, { name: string; type: string; aliases: string[] }>();
  for (const c of kept) {
    for (const ref of [c.speaker, c.target]) {
      if (!ref?.entityId || referenced.has(ref.entityId)) continue;
      const e = byId.get(ref.entityId);
      const name = e?.name ?? ref.name;
      if (name) referenced.set(ref.entityId, { name, type: e?.type ?? typeOfId(ref.entityId), aliases: e?.aliases ?? [] });
    }
  }
  return {
    document: documentFile,
    note: REVIEWED_NOTE,
    articleId: article.id,
    ...(article.url ? { url: article.url } : {}),
    publishedAt: article.publishedAt,
    claimsOnly: true,
    entities: [],
    optionalEntities: [...referenced.values()],
    dates: [],
    claims: kept.map((c) => goldClaim(c, (id) => referenced.get(id)?.name ?? null)),
    unreviewed: article.claims.filter((c) => c.status === 'pending').map((c) => ({ content: c.content.text })),
  };
}
