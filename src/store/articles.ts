// Articles listed a page at a time, as short summaries, filtered by entity, site, publication time and words.
import { z } from 'zod';
import { checkLimit, type Page, type PageOptions, toPage } from './claims.js';
import { decodeCursor } from './changes.js';
import type { Queryable } from './driver.js';
import { publishedConditions } from './published.js';

export const ArticleSummary = z.object({
  id: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  siteName: z.string().nullable(),
  publishedAt: z.string().nullable(),
  claims: z.number().int().nonnegative().describe('Claims stored for it, reviewed ones the extractor no longer finds included.'),
});
export type ArticleSummary = z.output<typeof ArticleSummary>;

export interface ArticleFilter {
  /** An entity id the article mentions. */
  entity?: string;
  /** The site's name, as the record has it. */
  site?: string;
  /** Published at or after (ISO date or datetime). */
  since?: string;
  /** Published at or before; a date alone includes that whole day. */
  until?: string;
  /** Words in the title or text, PostgreSQL web-search syntax. */
  q?: string;
}

const ARTICLES = 'articles';

/** Articles in id order, filtered, a page at a time. Articles with no publication time match no since/until. */
export async function listArticles(db: Queryable, filter: ArticleFilter = {}, page: PageOptions = {}): Promise<Page<ArticleSummary>> {
  const limit = checkLimit(page.limit ?? 100);
  const params: unknown[] = [page.after ? decodeCursor(ARTICLES, page.after) : ''];
  const where = ['a.id > $1'];
  if (filter.entity !== undefined) where.push(`EXISTS (SELECT 1 FROM entity_mentions m WHERE m.article_id = a.id AND m.entity_id = $${params.push(filter.entity)})`);
  if (filter.site !== undefined) where.push(`a.site_name = $${params.push(filter.site)}`);
  where.push(...publishedConditions('a.published_at', filter, params));
  // the same expression as the articles_search index
  if (filter.q?.trim()) where.push(`to_tsvector('english', COALESCE(a.title, '') || ' ' || COALESCE(a.record->>'text', '')) @@ websearch_to_tsquery('english', $${params.push(filter.q)})`);
  const { rows } = await db.query<{ id: string; url: string | null; title: string | null; site_name: string | null; published_at: string | null; claims: string | number }>(
    `SELECT a.id, a.url, a.title, a.site_name, a.published_at, (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims
     FROM articles a WHERE ${where.join(' AND ')} ORDER BY a.id LIMIT $${params.push(limit + 1)}`,
    params,
  );
  return toPage(rows, limit, ARTICLES, (r) => r.id, (r) => ({ id: r.id, url: r.url, title: r.title, siteName: r.site_name, publishedAt: r.published_at, claims: Number(r.claims) }));
}

/** What a page showing claims needs of their articles: metadata, the text their offsets point into, and the
 * entities without their mentions. */
export interface ArticleText {
  id: string;
  url: string | null;
  title: string | null;
  siteName: string | null;
  publishedAt: string | null;
  text: string;
  entities: { id: string; name: string; type: string }[];
}

/** The articles of these ids (unknown ones left out), in one query. */
export async function articleTexts(db: Queryable, ids: readonly string[]): Promise<Map<string, ArticleText>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const { rows } = await db.query<{ id: string; url: string | null; title: string | null; site_name: string | null; published_at: string | null; text: string | null; entities: ArticleText['entities'] | string | null }>(
    `SELECT a.id, a.url, a.title, a.site_name, a.published_at, a.record->>'text' AS text,
       (SELECT jsonb_agg(jsonb_build_object('id', e->'id', 'name', e->'name', 'type', e->'type')) FROM jsonb_array_elements(a.record->'entities') AS e) AS entities
     FROM articles a WHERE a.id = ANY($1::text[])`,
    [unique],
  );
  return new Map(
    rows.map((r) => {
      const entities = typeof r.entities === 'string' ? (JSON.parse(r.entities) as ArticleText['entities']) : (r.entities ?? []);
      return [r.id, { id: r.id, url: r.url, title: r.title, siteName: r.site_name, publishedAt: r.published_at, text: r.text ?? '', entities }];
    }),
  );
}
