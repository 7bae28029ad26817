// Failures and inputs on both backends: one row per input and stage with its attempts, resolved by a later
// success; records found by the input they came from; no URL stored with its credentials.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { type Driver, migrate, openPglite, openPostgres, type Store } from '../../src/store/index.js';
import { backends, dropSchema, newSchemaName, POSTGRES_URL } from '../helpers/services.js';

const TEXT = 'The port authority said on Monday that the harbour would reopen in June.';

for (const backend of backends) {
  describe(`failures and inputs on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup());

    it('a failure repeated is one row with its attempts counted and the latest reason', async () => {
      const input = 'https://flaky.example/story';
      await store.recordFailure({ input, stage: 'fetch', reason: 'timeout', detail: 'no response headers within 10000 ms', retryable: true });
      await store.recordFailure({ input, stage: 'fetch', reason: 'http-status', detail: 'HTTP 503', retryable: true });
      await store.recordFailure({ input, stage: 'fetch', reason: 'http-status', detail: 'HTTP 502', retryable: true });
      const rows = (await store.failures()).filter((f) => f.input === input);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ stage: 'fetch', reason: 'http-status', detail: 'HTTP 502', attempts: 3, resolvedAt: null });
      expect(Date.parse(rows[0]?.firstSeen ?? '')).toBeLessThanOrEqual(Date.parse(rows[0]?.lastSeen ?? ''));
    });

    it('the same input failing at another stage is another row', async () => {
      const input = 'https://twice.example/a';
      await store.recordFailure({ input, stage: 'fetch', reason: 'timeout', detail: 'slow' });
      await store.recordFailure({ input, stage: 'extract', reason: 'extract-timeout', detail: 'too long' });
      expect((await store.failures()).filter((f) => f.input === input).map((f) => f.stage).sort()).toEqual(['extract', 'fetch']);
      expect((await store.failures({ stage: 'extract', reason: 'extract-timeout' })).map((f) => f.input)).toContain(input);
    });

    it('a later success resolves the input: gone from the open list, kept with --all', async () => {
      const input = 'https://flaky.example/later-ok';
      await store.recordFailure({ input, stage: 'fetch', reason: 'http-status', detail: 'HTTP 500', retryable: true });
      const r = extract({ text: TEXT, url: 'https://flaky.example/final-address' });
      await store.saveRecord(r, { url: input, body: TEXT }, { input });
      expect((await store.failures()).some((f) => f.input === input)).toBe(false);
      const all = (await store.failures({ includeResolved: true })).find((f) => f.input === input);
      expect(all?.resolvedAt).not.toBeNull();
      // and failing again reopens it
      await store.recordFailure({ input, stage: 'fetch', reason: 'http-status', detail: 'HTTP 500', retryable: true });
      expect((await store.failures()).find((f) => f.input === input)).toMatchObject({ attempts: 2, resolvedAt: null });
    });

    it('a record is found by the input it was ingested from, as well as by its id and final URL', async () => {
      const r = extract({ text: TEXT, url: 'https://news.example/2024/final' });
      await store.saveRecord(r, { url: 'https://short.example/x', finalUrl: 'https://news.example/2024/final', body: TEXT }, { input: 'https://short.example/x' });
      expect((await store.getRecord('https://short.example/x'))?.id).toBe(r.id);
      expect((await store.getRecord('https://news.example/2024/final'))?.id).toBe(r.id);
      expect((await store.getRecord(r.id))?.id).toBe(r.id);
      expect(await store.getRecord('https://short.example/other')).toBeNull();
      expect((await store.getRecord('https://short.example/other', 'https://short.example/x'))?.id).toBe(r.id);
    });

    it('no URL is stored with its user name or password, whatever the caller passes', async () => {
      const secretUrl = 'https://reader:hunter2@paywalled.example/story';
      await store.recordFailure({ input: secretUrl, stage: 'fetch', reason: 'http-status', detail: `${secretUrl}: HTTP 401` });
      const r = extract({ text: TEXT, url: secretUrl });
      await store.saveRecord(r, { url: secretUrl, finalUrl: secretUrl, body: TEXT }, { input: secretUrl });
      const dump = JSON.stringify([
        (await store.db.query('SELECT * FROM failures')).rows,
        (await store.db.query('SELECT url, final_url FROM documents')).rows,
        (await store.db.query('SELECT url, canonical_url, record FROM articles')).rows,
        (await store.db.query('SELECT * FROM article_inputs')).rows,
      ]);
      expect(dump).not.toContain('hunter2');
      expect(dump).toContain('https://paywalled.example/story');
      expect((await store.getRecord(secretUrl))?.url).toBe('https://paywalled.example/story');
    });
  });
}

/** A database at schema version 1 with the rows a version-1 newsdesk wrote, then migrated to the latest. */
async function migratedFromV1(db: Driver): Promise<void> {
  expect(await migrate(db, 1)).toBe(1);
  const insert = 'INSERT INTO failures (input, stage, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5)';
  await db.query(insert, ['http://a.example/', 'fetch', 'timeout', 'slow', '2026-01-01T00:00:00Z']);
  await db.query(insert, ['http://a.example/', 'fetch', 'http-status', 'HTTP 500', '2026-01-02T00:00:00Z']);
  await db.query(insert, ['http://a.example/', 'fetch', 'http-status', 'HTTP 502', '2026-01-03T00:00:00Z']);
  await db.query(insert, ['http://u:pw@b.example/', 'fetch', 'http-status', 'http://u:pw@b.example/: HTTP 401', '2026-01-03T00:00:00Z']);
  await db.query("INSERT INTO documents (content_hash, url, bytes, body) VALUES ('h1', 'http://u:pw@b.example/', 1, 'x')");
  expect(await migrate(db)).toBeGreaterThanOrEqual(1);
  const { rows } = await db.query<{ input: string; reason: string; detail: string; attempts: number }>('SELECT input, reason, detail, attempts FROM failures ORDER BY input');
  expect(rows).toEqual([
    { input: 'http://a.example/', reason: 'http-status', detail: 'HTTP 502', attempts: 3 },
    { input: 'http://b.example/', reason: 'http-status', detail: 'http://b.example/: HTTP 401', attempts: 1 },
  ]);
  expect((await db.query<{ url: string }>('SELECT url FROM documents')).rows[0]?.url).toBe('http://b.example/');
}

describe('migrating a version-1 store', () => {
  it('on PGlite: duplicate failure rows become one with their attempts; stored credentials are scrubbed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-migrate-'));
    const db = await openPglite(dir);
    try {
      await migratedFromV1(db);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL: the same', async () => {
    const schema = newSchemaName();
    const db = await openPostgres(POSTGRES_URL, { schema });
    try {
      await migratedFromV1(db);
    } finally {
      await db.close();
      await dropSchema(schema);
    }
  });
});
