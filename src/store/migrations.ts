// Schema migrations, applied in order once each; the same SQL on PGlite and PostgreSQL.
import type { Driver } from './driver.js';

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE documents (
        content_hash text PRIMARY KEY,          -- sha256 of the body: the same page fetched twice is stored once
        url text,
        final_url text,
        content_type text,
        charset text,
        fetched_at timestamptz,
        bytes integer NOT NULL,
        body text NOT NULL
      );
      CREATE TABLE articles (
        id text PRIMARY KEY,
        url text,
        canonical_url text,
        document_hash text REFERENCES documents (content_hash),
        content_hash text NOT NULL,
        title text,
        published_at text,
        page_kind text NOT NULL,
        language text,
        site_name text,
        extractor_version text NOT NULL,
        record jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX articles_url ON articles (url);
      CREATE TABLE entities (
        id text PRIMARY KEY,                    -- type + normalized canonical name: the same everywhere
        name text NOT NULL,
        type text NOT NULL
      );
      CREATE TABLE entity_mentions (
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        entity_id text NOT NULL REFERENCES entities (id),
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (article_id, start_offset, end_offset)
      );
      CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id);
      CREATE TABLE claims (
        id text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind text NOT NULL,
        speaker_entity_id text,
        speaker_name text,
        speaker_text text,
        cue text NOT NULL,
        content text NOT NULL,
        content_start integer NOT NULL,
        content_end integer NOT NULL,
        target_entity_id text,
        target_name text,
        stance text NOT NULL,
        confidence real NOT NULL,
        review_status text NOT NULL DEFAULT 'pending'
      );
      CREATE INDEX claims_article ON claims (article_id);
      CREATE INDEX claims_speaker ON claims (speaker_entity_id);
      CREATE TABLE failures (
        id bigserial PRIMARY KEY,
        input text NOT NULL,
        stage text NOT NULL,
        reason text NOT NULL,
        detail text,
        retryable boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX failures_input ON failures (input);
    `,
  },
  {
    version: 2,
    name: 'failures-per-input-and-stage, article-inputs',
    sql: `
      -- one failure row per input and stage: a rerun counts an attempt instead of adding a row, and a later
      -- success marks it resolved
      ALTER TABLE failures ADD COLUMN attempts integer NOT NULL DEFAULT 1;
      ALTER TABLE failures ADD COLUMN first_seen timestamptz NOT NULL DEFAULT now();
      ALTER TABLE failures ADD COLUMN last_seen timestamptz NOT NULL DEFAULT now();
      ALTER TABLE failures ADD COLUMN resolved_at timestamptz;
      -- URLs never keep a user name or password: scrub what version 1 stored
      UPDATE failures SET input = regexp_replace(input, '([a-z][a-z0-9+.-]*://)[^\\s/?#@]*@', '\\1', 'gi'),
        detail = regexp_replace(detail, '([a-z][a-z0-9+.-]*://)[^\\s/?#@]*@', '\\1', 'gi');
      UPDATE documents SET url = regexp_replace(url, '^([a-z][a-z0-9+.-]*://)[^/?#@]*@', '\\1', 'i'),
        final_url = regexp_replace(final_url, '^([a-z][a-z0-9+.-]*://)[^/?#@]*@', '\\1', 'i');
      UPDATE articles SET url = regexp_replace(url, '^([a-z][a-z0-9+.-]*://)[^/?#@]*@', '\\1', 'i'),
        canonical_url = regexp_replace(canonical_url, '^([a-z][a-z0-9+.-]*://)[^/?#@]*@', '\\1', 'i')
        WHERE url ~ '^[a-z][a-z0-9+.-]*://[^/?#@]*@' OR canonical_url ~ '^[a-z][a-z0-9+.-]*://[^/?#@]*@';
      UPDATE articles SET record = jsonb_set(jsonb_set(record, '{url}', COALESCE(to_jsonb(url), 'null'::jsonb)), '{canonicalUrl}', COALESCE(to_jsonb(canonical_url), 'null'::jsonb))
        WHERE record->>'url' IS DISTINCT FROM url OR record->>'canonicalUrl' IS DISTINCT FROM canonical_url;
      UPDATE failures f SET attempts = d.n, first_seen = d.first, last_seen = f.created_at
        FROM (SELECT input, stage, count(*) AS n, min(created_at) AS first, max(id) AS last FROM failures GROUP BY input, stage) d
        WHERE f.id = d.last;
      DELETE FROM failures f USING failures g WHERE f.input = g.input AND f.stage = g.stage AND f.id < g.id;
      CREATE UNIQUE INDEX failures_input_stage ON failures (input, stage);
      CREATE INDEX failures_open ON failures (last_seen) WHERE resolved_at IS NULL;
      -- what the fetcher had to guess while decoding (an unknown charset read as UTF-8)
      ALTER TABLE documents ADD COLUMN note text;
      -- what the operator gave (a URL before its redirects, a file's path) → the article it became, so
      -- newsdesk show finds a record by any of them
      CREATE TABLE article_inputs (
        input text PRIMARY KEY,
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX article_inputs_article ON article_inputs (article_id);
    `,
  },
  {
    version: 3,
    name: 'input-documents',
    sql: `
      -- the raw page first: what each input (a URL, a file) last fetched to, so extraction is a step of its
      -- own that can fail, be retried and be rerun (reprocess) without fetching again
      CREATE TABLE input_documents (
        input text PRIMARY KEY,
        document_hash text NOT NULL REFERENCES documents (content_hash),
        -- this input's own addresses and time: a body fetched under two URLs is one document
        url text,
        final_url text,
        status integer,
        fetched_at timestamptz,
        content_type text,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX input_documents_document ON input_documents (document_hash);
      CREATE INDEX input_documents_seen ON input_documents (seen_at);
      INSERT INTO input_documents (input, document_hash, url, final_url, fetched_at, content_type, seen_at)
        SELECT ai.input, a.document_hash, d.url, d.final_url, d.fetched_at, d.content_type, ai.seen_at
        FROM article_inputs ai JOIN articles a ON a.id = ai.article_id JOIN documents d ON d.content_hash = a.document_hash
        ON CONFLICT (input) DO NOTHING;
    `,
  },
  {
    version: 4,
    name: 'claim-reviews, changes',
    sql: `
      -- the change feed: one row per stored, re-extracted or reviewed record, numbered by one sequence and
      -- written in the change's own transaction (src/store/changes.ts says how it stays gapless for readers).
      -- No foreign key: the feed is history and outlives what it points at.
      CREATE SEQUENCE change_seq;
      CREATE TABLE changes (
        seq bigint PRIMARY KEY,
        article_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('stored', 'reextracted', 'reviewed')),
        at timestamptz NOT NULL DEFAULT now()
      );
      -- a claim as the extractor made it (the record's claim, whole: kept when a reviewed claim leaves the
      -- record), the reviewer's correction apart from it, and why it wants another look
      ALTER TABLE claims ADD COLUMN extracted jsonb;
      ALTER TABLE claims ADD COLUMN correction jsonb;
      ALTER TABLE claims ADD COLUMN flag text CHECK (flag IN ('changed', 'missing'));
      UPDATE claims c SET extracted = e.claim
        FROM articles a, jsonb_array_elements(a.record->'claims') AS e(claim)
        WHERE a.id = c.article_id AND e.claim->>'id' = c.id;
      UPDATE claims SET extracted = jsonb_build_object('id', id, 'kind', kind, 'confidence', confidence, 'stance', stance,
          'speaker', CASE WHEN speaker_text IS NULL THEN NULL ELSE jsonb_build_object('entityId', speaker_entity_id, 'name', speaker_name, 'text', speaker_text, 'start', 0, 'end', 0) END,
          'cue', jsonb_build_object('text', cue, 'start', 0, 'end', 0),
          'content', jsonb_build_object('text', content, 'start', content_start, 'end', content_end),
          'target', CASE WHEN target_entity_id IS NULL AND target_name IS NULL THEN NULL ELSE jsonb_build_object('entityId', target_entity_id, 'name', target_name, 'text', NULL) END)
        WHERE extracted IS NULL;
      ALTER TABLE claims ALTER COLUMN extracted SET NOT NULL;
      -- speaker and target as shown (a correction's over the extractor's): what listClaims filters by
      CREATE INDEX claims_shown_speaker ON claims ((CASE WHEN correction ? 'speaker' THEN correction->'speaker'->>'entityId' ELSE speaker_entity_id END));
      CREATE INDEX claims_shown_target ON claims ((CASE WHEN correction ? 'target' THEN correction->'target'->>'entityId' ELSE target_entity_id END));
      -- full-text search over the content as shown (the corrected span when there is one)
      CREATE INDEX claims_content_search ON claims USING gin (to_tsvector('english', COALESCE(correction->'content'->>'text', content)));
      CREATE INDEX articles_search ON articles USING gin (to_tsvector('english', COALESCE(title, '') || ' ' || COALESCE(record->>'text', '')));
      CREATE INDEX articles_site ON articles (site_name);
      -- every review, an event never changed or removed: the trigger refuses UPDATE, DELETE and TRUNCATE.
      -- No foreign key either: a reviewed claim's article may be deleted, its audit may not.
      CREATE TABLE claim_reviews (
        id bigserial PRIMARY KEY,
        claim_id text NOT NULL,
        article_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('accept', 'reject', 'correct')),
        reviewer text NOT NULL,
        note text,
        correction jsonb,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX claim_reviews_claim ON claim_reviews (claim_id, id);
      CREATE FUNCTION claim_reviews_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'claim_reviews is append-only: % refused', TG_OP; END $$;
      CREATE TRIGGER claim_reviews_no_change BEFORE UPDATE OR DELETE ON claim_reviews FOR EACH ROW EXECUTE FUNCTION claim_reviews_append_only();
      CREATE TRIGGER claim_reviews_no_truncate BEFORE TRUNCATE ON claim_reviews FOR EACH STATEMENT EXECUTE FUNCTION claim_reviews_append_only();
    `,
  },
  {
    version: 5,
    name: 'entity-edits, entity-redirects',
    sql: `
      -- analysts' merges and splits of entities (src/store/entities.ts): each an event never changed or removed
      -- (the trigger refuses UPDATE, DELETE and TRUNCATE), and the log every stored record is replayed through,
      -- oldest first, so re-extraction and later articles land where the analysts put them. No foreign keys:
      -- the audit outlives what it names.
      CREATE TABLE entity_edits (
        id bigserial PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('merge', 'split')),
        entity_id text NOT NULL,                -- merge: the entity merged away; split: the entity the alias left
        alias text,                             -- split: the mention text that left (exact)
        into_id text NOT NULL,                  -- where its mentions and claims went
        into_name text NOT NULL,
        into_type text NOT NULL,
        reviewer text NOT NULL,
        note text,
        articles text[] NOT NULL,               -- the articles it changed when it was made
        at timestamptz NOT NULL DEFAULT now(),
        CHECK ((action = 'split') = (alias IS NOT NULL))
      );
      CREATE INDEX entity_edits_entity ON entity_edits (entity_id, id);
      CREATE FUNCTION entity_edits_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'entity_edits is append-only: % refused', TG_OP; END $$;
      CREATE TRIGGER entity_edits_no_change BEFORE UPDATE OR DELETE ON entity_edits FOR EACH ROW EXECUTE FUNCTION entity_edits_append_only();
      CREATE TRIGGER entity_edits_no_truncate BEFORE TRUNCATE ON entity_edits FOR EACH STATEMENT EXECUTE FUNCTION entity_edits_append_only();
      -- a merged id → the entity it now is: always the end of the chain (a merge into a merged id follows it,
      -- and merging the target on rewrites the ids that pointed at it), so one look-up resolves any id
      CREATE TABLE entity_redirects (
        from_id text PRIMARY KEY,
        to_id text NOT NULL,
        edit_id bigint NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX entity_redirects_to ON entity_redirects (to_id);
      -- an entity's articles in id order (GET /entities/{id}), and the claims that name it as extracted target
      CREATE INDEX entity_mentions_entity_article ON entity_mentions (entity_id, article_id);
      DROP INDEX entity_mentions_entity;
      CREATE INDEX claims_target ON claims (target_entity_id);
    `,
  },
  {
    version: 6,
    name: 'indexes the API lists need',
    sql: `
      -- measured with 10,000 articles (src/bench/api.ts): each list reads its page from an index at any depth
      -- instead of walking the claims in id order and testing every row
      DROP INDEX claims_shown_speaker;
      DROP INDEX claims_shown_target;
      CREATE INDEX claims_shown_speaker ON claims ((CASE WHEN correction ? 'speaker' THEN correction->'speaker'->>'entityId' ELSE speaker_entity_id END), id);
      CREATE INDEX claims_shown_target ON claims ((CASE WHEN correction ? 'target' THEN correction->'target'->>'entityId' ELSE target_entity_id END), id);
      CREATE INDEX claims_status ON claims (review_status, id);
      -- the content as shown, searchable: a column (with statistics) instead of an expression index
      DROP INDEX claims_content_search;
      ALTER TABLE claims ADD COLUMN content_search tsvector GENERATED ALWAYS AS (to_tsvector('english', COALESCE(correction->'content'->>'text', content))) STORED;
      CREATE INDEX claims_content_search ON claims USING gin (content_search);
      -- getRecord finds an article by its canonical URL too
      CREATE INDEX articles_canonical_url ON articles (canonical_url);
    `,
  },
  {
    version: 7,
    name: 'claim provenance and confidence filters',
    sql: `
      -- GET /claims?producer=&rule=&stanceBy= read the claim's provenance as extracted (claims stored before
      -- 0.2 have none: NULL, matching nothing). Measured on 100,000 claims shaped like the news pages' (attribution
      -- by a model 37%, stance by a model 12%, a rule name often under 1%): a rare rule or a deep page walked
      -- the claims in id order (or sorted every match); from these its page reads in id order
      CREATE INDEX claims_attribution_by ON claims ((extracted->'provenance'->'attribution'->>'by'), id);
      CREATE INDEX claims_attribution_name ON claims ((extracted->'provenance'->'attribution'->>'name'), id);
      CREATE INDEX claims_stance_by ON claims ((extracted->'provenance'->'stance'->>'by'), id);
      -- ?minConfidence= compares the JSON's double (the real column rounds): a threshold that few or no claims
      -- reach (0.995 above the highest) is a read of this index instead of a walk of every claim (1.1 s to 6 ms),
      -- once the table has statistics (store.analyze() after an ingest on PGlite, autovacuum on PostgreSQL)
      CREATE INDEX claims_confidence ON claims (((extracted->'confidence')::float8));
    `,
  },
];

/** Applies the migrations not yet applied (up to `upTo`, for tests of a migration); returns how many ran. */
export async function migrate(db: Driver, upTo = Number.POSITIVE_INFINITY): Promise<number> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
  let applied = 0;
  for (const m of MIGRATIONS) {
    if (done.has(m.version) || m.version > upTo) continue;
    await db.transaction(async (tx) => {
      // two workers starting at once: the second waits, then sees the version applied
      await tx.query('SELECT pg_advisory_xact_lock(7051)');
      const again = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (again.rows.length) return;
      for (const stmt of m.sql.split(/;\s*$/m).map((s) => s.trim()).filter(Boolean)) await tx.query(stmt);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [m.version, m.name]);
    });
    applied++;
  }
  return applied;
}
