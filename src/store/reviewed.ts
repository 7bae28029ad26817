// The reviewed articles, for `newsdesk export --reviewed` (gold made from analysts' decisions): each article
// with at least one accepted or corrected claim, with its stored document and every claim as shown (the
// correction over the extractor's values), rejected and pending ones included so the caller can tell them
// apart. Read a page of articles at a time, so an export of any size runs in bounded memory.
import type { EntityType } from '../record.js';
import { CLAIM_COLUMNS, type ClaimItem, type ClaimRow, claimItem } from './claims.js';
import type { Queryable } from './driver.js';

/** What alias resolution needs of an entity (no mentions). */
export interface ReviewedEntity {
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
}

export interface ReviewedArticle {
  id: string;
  url: string | null;
  publishedAt: string | null;
  title: string | null;
  /** The stored raw document the record was extracted from; null when the record was stored without one. */
  document: { hash: string; contentType: string | null; body: string } | null;
  entities: ReviewedEntity[];
  /** Every stored claim of the article as shown, in id order: accepted, corrected, rejected and pending. */
  claims: ClaimItem[];
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** Articles with at least one accepted or corrected claim, in id order, `pageSize` articles a query. */
export async function* reviewedArticles(db: Queryable, pageSize = 100): AsyncGenerator<ReviewedArticle> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<{
      id: string;
      url: string | null;
      published_at: string | null;
      title: string | null;
      document_hash: string | null;
      content_type: string | null;
      body: string | null;
      entities: ReviewedEntity[] | string | null;
    }>(
      `SELECT a.id, a.url, a.published_at, a.title, a.document_hash, d.content_type, d.body,
         (SELECT jsonb_agg(jsonb_build_object('id', e->'id', 'name', e->'name', 'type', e->'type', 'aliases', e->'aliases'))
            FROM jsonb_array_elements(a.record->'entities') e) AS entities
       FROM articles a LEFT JOIN documents d ON d.content_hash = a.document_hash
       WHERE a.id > $1 AND EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id AND c.review_status IN ('accepted', 'corrected'))
       ORDER BY a.id LIMIT $2`,
      [after, pageSize],
    );
    if (!rows.length) return;
    const claims = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.article_id = ANY($1::text[]) ORDER BY c.article_id, c.id`, [rows.map((r) => r.id)]);
    const byArticle = new Map<string, ClaimItem[]>();
    for (const row of claims.rows) {
      const list = byArticle.get(row.article_id) ?? [];
      list.push(claimItem(row));
      byArticle.set(row.article_id, list);
    }
    for (const r of rows) {
      yield {
        id: r.id,
        url: r.url,
        publishedAt: r.published_at,
        title: r.title,
        document: r.document_hash !== null && r.body !== null ? { hash: r.document_hash, contentType: r.content_type, body: r.body } : null,
        entities: r.entities === null ? [] : json(r.entities),
        claims: byArticle.get(r.id) ?? [],
      };
    }
    if (rows.length < pageSize) return;
    after = (rows.at(-1) as { id: string }).id;
  }
}
