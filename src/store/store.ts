// The store: raw documents (content-addressed), validated records and their entities, mentions and
// claims, and failures. Writes are idempotent upserts keyed by stable ids: a job that runs twice
// stores one record.
import { sha256 } from '../hash.js';
import { ArticleRecord } from '../record.js';
import { stripCredentials } from '../url.js';
import type { MergeInput, SplitInput } from '../review/entity-edits.js';
import type { ReviewInput } from '../review/rules.js';
import { type ArticleFilter, type ArticleSummary, type ArticleText, articleTexts, listArticles } from './articles.js';
import { type ChangePage, changesAfter, recordChange } from './changes.js';
import { type ClaimFilter, type ClaimItem, countClaims, getClaim, listClaims, type Page, type PageOptions, saveClaims } from './claims.js';
import type { Driver, Queryable } from './driver.js';
import { applyStoredEdits, type EntityEditResult, type EntityLookup, getEntity, mergeEntities, splitEntity } from './entities.js';
import { type Failure, type FailureFilter, type FailureRow, listFailures, recordFailure, resolveFailures } from './failures.js';
import { migrate } from './migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { claimReviews, type ReviewEvent, type ReviewResult, reviewClaim } from './reviews.js';

export interface RawDocument {
  url: string | null;
  finalUrl?: string | null;
  contentType?: string | null;
  charset?: string | null;
  fetchedAt?: string | null;
  /** What decoding had to guess (an unknown charset read as UTF-8). */
  note?: string | null;
  body: string;
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite store in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** @defaultValue './newsdesk-data' */
  dataDir?: string | undefined;
  /** PostgreSQL schema to keep the tables in (tests use one each). */
  schema?: string | undefined;
}

export interface SaveOptions {
  /** What the operator gave for this article (a URL before redirects, a file path): `getRecord` finds it by
   * that too, and its open failures are marked resolved. */
  input?: string;
  /** The stored document the record was extracted from, when it is not passed itself. */
  documentHash?: string;
}

export interface StoredInput {
  input: string;
  documentHash: string;
}

export interface StoredInputFilter {
  /** Fetched at or after this time (ISO date or datetime). */
  since?: string;
  /** Only inputs whose record is missing or was made by another version or other models than these. */
  stale?: { version: string; models: Record<string, string> };
}

const CHUNK = 500;

const scrubUrl = (u: string | null | undefined): string | null => (u ? stripCredentials(u) : (u ?? null));

async function insertRows(tx: Queryable, head: string, cols: number, rows: unknown[][], tail: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const values = part.map((_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(', ')})`).join(', ');
    await tx.query(`${head} VALUES ${values} ${tail}`, part.flat());
  }
}

export class Store {
  private constructor(readonly db: Driver) {}

  static async open(opts: StoreOptions = {}): Promise<Store> {
    const db = opts.databaseUrl
      ? await openPostgres(opts.databaseUrl, opts.schema ? { schema: opts.schema } : {})
      : await openPglite(opts.dataDir ?? './newsdesk-data');
    await migrate(db);
    return new Store(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** Gathers the planner's statistics after a batch of writes. PGlite has no autovacuum to do it, and without
   * statistics its plans for the API's filtered lists walk whole tables; PostgreSQL's autovacuum does it. */
  async analyze(): Promise<void> {
    if (this.db.kind === 'pglite') await this.db.exec('ANALYZE');
  }

  /** Stores a fetched page once per distinct body; returns its content hash. */
  async saveDocument(doc: RawDocument, tx: Queryable = this.db): Promise<string> {
    const hash = sha256(doc.body);
    await tx.query(
      `INSERT INTO documents (content_hash, url, final_url, content_type, charset, fetched_at, bytes, body, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (content_hash) DO NOTHING`,
      [hash, scrubUrl(doc.url), scrubUrl(doc.finalUrl), doc.contentType ?? null, doc.charset ?? null, doc.fetchedAt ?? null, Buffer.byteLength(doc.body), doc.body, doc.note ?? null],
    );
    return hash;
  }

  /** The fetch step's output: the raw page stored (once per distinct body) and the input pointed at it.
   * Returns the document's content hash, which the extract step reads it back by. */
  async saveFetched(input: string, doc: RawDocument & { status?: number | null }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const hash = await this.saveDocument(doc, tx);
      await tx.query(
        `INSERT INTO input_documents (input, document_hash, url, final_url, status, fetched_at, content_type) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (input) DO UPDATE SET document_hash = EXCLUDED.document_hash, url = EXCLUDED.url, final_url = EXCLUDED.final_url,
           status = EXCLUDED.status, fetched_at = EXCLUDED.fetched_at, content_type = EXCLUDED.content_type, seen_at = now()`,
        [stripCredentials(input), hash, scrubUrl(doc.url), scrubUrl(doc.finalUrl), doc.status ?? null, doc.fetchedAt ?? null, doc.contentType ?? null],
      );
      return hash;
    });
  }

  /** The stored inputs and the document each last fetched to, in input order, a page at a time:
   * what `reprocess` re-extracts. `since`: fetched at or after; `stale`: only those with no record yet, or
   * a record made by another extractor version or other models. */
  async *storedInputs(filter: StoredInputFilter = {}, pageSize = 200): AsyncGenerator<StoredInput> {
    let after = '';
    for (;;) {
      const params: unknown[] = [after, pageSize];
      const where = ['i.input > $1'];
      if (filter.since) where.push(`i.seen_at >= $${params.push(filter.since)}::timestamptz`);
      if (filter.stale) {
        const v = `$${params.push(filter.stale.version)}`;
        const m = `$${params.push(JSON.stringify(filter.stale.models))}::jsonb`;
        where.push(`(a.id IS NULL OR a.extractor_version <> ${v} OR (a.record->'extractor'->'models') IS DISTINCT FROM ${m})`);
      }
      const { rows } = await this.db.query<{ input: string; document_hash: string }>(
        `SELECT i.input, i.document_hash FROM input_documents i
         LEFT JOIN article_inputs ai ON ai.input = i.input LEFT JOIN articles a ON a.id = ai.article_id
         WHERE ${where.join(' AND ')} ORDER BY i.input LIMIT $2`,
        params,
      );
      for (const r of rows) yield { input: r.input, documentHash: r.document_hash };
      if (rows.length < pageSize) return;
      after = (rows.at(-1) as { input: string }).input;
    }
  }

  /** A stored document as the given input fetched or read it: the body by its hash, and the addresses,
   * time and type of that input's own fetch (the same body may have come from another URL first). */
  async getFetched(input: string, documentHash: string): Promise<RawDocument | null> {
    // one query: the document's own addresses stand only where this input has no fetch of its own
    return this.readDocument(
      `SELECT CASE WHEN i.input IS NULL THEN d.url ELSE i.url END AS url, CASE WHEN i.input IS NULL THEN d.final_url ELSE i.final_url END AS final_url,
         COALESCE(i.content_type, d.content_type) AS content_type, d.charset, d.note,
         CASE WHEN i.input IS NULL THEN d.fetched_at ELSE i.fetched_at END AS fetched_at, d.body
       FROM documents d LEFT JOIN input_documents i ON i.input = $2 AND i.document_hash = d.content_hash
       WHERE d.content_hash = $1`,
      [documentHash, stripCredentials(input)],
    );
  }

  /** The document an input last fetched to, if any. */
  async fetchedDocument(input: string): Promise<string | null> {
    const { rows } = await this.db.query<{ document_hash: string }>('SELECT document_hash FROM input_documents WHERE input = $1', [stripCredentials(input)]);
    return rows[0]?.document_hash ?? null;
  }

  /** Validates and stores a record with its raw document, entities, mentions and claims, in one transaction. */
  async saveRecord(record: ArticleRecord, doc?: RawDocument, opts: SaveOptions = {}): Promise<void> {
    const parsed = ArticleRecord.parse(record);
    // the last line of defence: whatever the caller did, no URL is stored with its credentials
    const scrubbed = { ...parsed, url: scrubUrl(parsed.url), canonicalUrl: scrubUrl(parsed.canonicalUrl) };
    await this.db.transaction(async (tx) => {
      // the analysts' merges and splits first (src/store/entities.ts), so re-extraction keeps them
      const r = await applyStoredEdits(tx, scrubbed);
      const documentHash = doc ? await this.saveDocument(doc, tx) : (opts.documentHash ?? null);
      // xmax is 0 on a row this statement inserted, the updating transaction's id on one it updated
      const saved = await tx.query<{ inserted: boolean }>(
        `INSERT INTO articles (id, url, canonical_url, document_hash, content_hash, title, published_at, page_kind, language, site_name, extractor_version, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
         ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, canonical_url = EXCLUDED.canonical_url,
           document_hash = COALESCE(EXCLUDED.document_hash, articles.document_hash), content_hash = EXCLUDED.content_hash,
           title = EXCLUDED.title, published_at = EXCLUDED.published_at, page_kind = EXCLUDED.page_kind,
           language = EXCLUDED.language, site_name = EXCLUDED.site_name, extractor_version = EXCLUDED.extractor_version,
           record = EXCLUDED.record, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
        [r.id, r.url, r.canonicalUrl, documentHash, r.contentHash, r.title, r.publishedAt, r.pageKind, r.language, r.siteName, r.extractor.version, JSON.stringify(r)],
      );
      if (r.entities.length) {
        await insertRows(tx, 'INSERT INTO entities (id, name, type)', 3, r.entities.map((e) => [e.id, e.name, e.type]), 'ON CONFLICT (id) DO NOTHING');
      }
      await tx.query('DELETE FROM entity_mentions WHERE article_id = $1', [r.id]);
      const mentions = r.entities.flatMap((e) => e.mentions.map((m) => [r.id, e.id, m.start, m.end, m.text]));
      if (mentions.length) await insertRows(tx, 'INSERT INTO entity_mentions (article_id, entity_id, start_offset, end_offset, text)', 5, mentions, 'ON CONFLICT DO NOTHING');
      // reviews survive re-extraction (src/review/rules.ts decides what is kept, flagged or removed)
      await saveClaims(tx, r.id, r.claims);
      if (opts.input) {
        const input = stripCredentials(opts.input);
        await tx.query(
          `INSERT INTO article_inputs (input, article_id) VALUES ($1, $2)
           ON CONFLICT (input) DO UPDATE SET article_id = EXCLUDED.article_id, seen_at = now()`,
          [input, r.id],
        );
        await resolveFailures(tx, input);
      }
      await recordChange(tx, r.id, saved.rows[0]?.inserted ? 'stored' : 'reextracted'); // last: its lock is held to the commit
    });
  }

  /** Stored, re-extracted and reviewed records after a cursor (null: from the first), oldest first. */
  changesAfter(after: string | null, limit?: number): Promise<ChangePage> {
    return changesAfter(this.db, after, limit);
  }

  /** Claims as shown (corrections applied), in id order, a page at a time. */
  listClaims(filter: ClaimFilter = {}, page: PageOptions = {}): Promise<Page<ClaimItem>> {
    return listClaims(this.db, filter, page);
  }

  /** How many claims match the filter (corrections applied, as listClaims filters them). */
  countClaims(filter: ClaimFilter = {}): Promise<number> {
    return countClaims(this.db, filter);
  }

  /** One claim as the API shows it (corrections applied, the extractor's values apart), or null. */
  getClaim(id: string): Promise<ClaimItem | null> {
    return getClaim(this.db, id);
  }

  /** Article summaries in id order, a page at a time. */
  listArticles(filter: ArticleFilter = {}, page: PageOptions = {}): Promise<Page<ArticleSummary>> {
    return listArticles(this.db, filter, page);
  }

  /** Metadata, text and entities of these articles, by id, in one query (what a page of claims shows). */
  articleTexts(ids: readonly string[]): Promise<Map<string, ArticleText>> {
    return articleTexts(this.db, ids);
  }

  /** An entity with a page of its articles and a page of its claims, where a merged id went, or none. */
  getEntity(id: string, pages: { articles?: PageOptions; claims?: PageOptions } = {}): Promise<EntityLookup> {
    return getEntity(this.db, id, pages);
  }

  /** Merges one entity into another (mentions, claims, corrections, records; the old id redirects): an audit
   * event and a 'reviewed' change per article it changed. */
  mergeEntities(input: MergeInput): Promise<EntityEditResult> {
    return mergeEntities(this.db, input);
  }

  /** Splits an alias off an entity (its mentions and the claims spoken or aimed under it): an audit event
   * and a 'reviewed' change per article it changed. */
  splitEntity(entityId: string, input: SplitInput): Promise<EntityEditResult> {
    return splitEntity(this.db, entityId, input);
  }

  /** Accepts, rejects or corrects a claim: an audit event, the claim's new status and a 'reviewed' change. */
  reviewClaim(claimId: string, input: ReviewInput): Promise<ReviewResult> {
    return reviewClaim(this.db, claimId, input);
  }

  /** A claim's review events, oldest first. */
  claimReviews(claimId: string): Promise<ReviewEvent[]> {
    return claimReviews(this.db, claimId);
  }

  /** One row per input and stage: a repeat counts an attempt; a later success resolves it. */
  recordFailure(f: Failure): Promise<void> {
    return recordFailure(this.db, f);
  }

  /** Marks the open failures of an input resolved (e.g. its fetch worked even though extraction failed). */
  resolveFailures(input: string, stages?: Failure['stage'][]): Promise<void> {
    return resolveFailures(this.db, input, stages);
  }

  /** Open failures, the most recent first (`includeResolved` for all). */
  failures(filter: FailureFilter = {}): Promise<FailureRow[]> {
    return listFailures(this.db, filter);
  }

  /** A record by its id, its (final) URL or canonical URL, or the input it was ingested from (a URL before
   * its redirects, a file path); the first of these that matches wins. */
  async getRecord(key: string, ...alternatives: string[]): Promise<ArticleRecord | null> {
    const keys = [key, ...alternatives].map(stripCredentials);
    const { rows } = await this.db.query<{ record: unknown }>(
      // one indexed lookup a way of naming it (an OR of them reads the whole table)
      `SELECT a.record FROM articles a
       WHERE a.id IN (SELECT id FROM articles WHERE id = ANY($1::text[])
                      UNION SELECT id FROM articles WHERE url = ANY($1::text[])
                      UNION SELECT id FROM articles WHERE canonical_url = ANY($1::text[])
                      UNION SELECT article_id FROM article_inputs WHERE input = ANY($1::text[]))
       ORDER BY (a.id = $2) DESC, (a.url = $2 OR a.canonical_url = $2) DESC LIMIT 1`,
      [keys, keys[0]],
    );
    const row = rows[0];
    return row ? ArticleRecord.parse(typeof row.record === 'string' ? JSON.parse(row.record) : row.record) : null;
  }

  getDocument(contentHash: string): Promise<RawDocument | null> {
    return this.readDocument('SELECT url, final_url, content_type, charset, note, fetched_at, body FROM documents WHERE content_hash = $1', [contentHash]);
  }

  private async readDocument(sql: string, params: unknown[]): Promise<RawDocument | null> {
    const { rows } = await this.db.query<{ url: string | null; final_url: string | null; content_type: string | null; charset: string | null; note: string | null; fetched_at: Date | string | null; body: string }>(sql, params);
    const r = rows[0];
    return r
      ? { url: r.url, finalUrl: r.final_url, contentType: r.content_type, charset: r.charset, note: r.note, fetchedAt: r.fetched_at === null ? null : new Date(r.fetched_at).toISOString(), body: r.body }
      : null;
  }

  /** All records in id order, a page at a time, so an export of any size runs in bounded memory. */
  async *records(pageSize = 200): AsyncGenerator<ArticleRecord> {
    let after = '';
    for (;;) {
      const { rows } = await this.db.query<{ id: string; record: unknown }>('SELECT id, record FROM articles WHERE id > $1 ORDER BY id LIMIT $2', [after, pageSize]);
      for (const row of rows) yield ArticleRecord.parse(typeof row.record === 'string' ? JSON.parse(row.record) : row.record);
      if (rows.length < pageSize) return;
      after = (rows.at(-1) as { id: string }).id;
    }
  }

  async counts(): Promise<Record<'documents' | 'articles' | 'entities' | 'mentions' | 'claims' | 'failures', number>> {
    const { rows } = await this.db.query<Record<string, string | number>>(
      `SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM articles) AS articles,
              (SELECT count(*) FROM entities) AS entities, (SELECT count(*) FROM entity_mentions) AS mentions,
              (SELECT count(*) FROM claims) AS claims, (SELECT count(*) FROM failures) AS failures`,
    );
    const r = rows[0] ?? {};
    return { documents: Number(r.documents), articles: Number(r.articles), entities: Number(r.entities), mentions: Number(r.mentions), claims: Number(r.claims), failures: Number(r.failures) };
  }
}
