// The change feed on both backends: every stored, re-extracted and reviewed record once, in order, across
// pages and across closing and reopening the store; on PostgreSQL, also with writers on other connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../src/record.js';
import { type Change, InvalidCursorError, recordChange, Store } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';

const TEXT = 'Ana Lima said the bridge opens in May.';

const record = (id: string): ArticleRecord => ({
  schemaVersion: 1,
  id,
  url: `https://news.example/${id}`,
  canonicalUrl: null,
  extractor: { name: 'newsdesk', version: '0.0.0-test' },
  pageKind: 'article',
  title: id,
  authors: [],
  siteName: null,
  language: 'en',
  description: null,
  publishedAt: null,
  publishedAtSource: null,
  modifiedAt: null,
  text: TEXT,
  wordCount: 8,
  contentHash: `hash-${id}`,
  entities: [{ id: 'person:ana-lima', name: 'Ana Lima', type: 'person', aliases: [], mentions: [{ start: 0, end: 8, text: 'Ana Lima' }] }],
  dates: [],
  claims: [
    {
      id: `claim-${id}`,
      kind: 'indirect',
      speaker: { entityId: 'person:ana-lima', name: 'Ana Lima', text: 'Ana Lima', start: 0, end: 8 },
      cue: { text: 'said', start: 9, end: 13 },
      content: { text: 'the bridge opens in May', start: 14, end: 37 },
      target: null,
      stance: 'neutral',
      confidence: 0.9,
    },
  ],
});

/** Reads the feed from a cursor to its end, `limit` at a time; returns what it read and where it stopped. */
async function readAll(store: Store, after: string | null, limit: number): Promise<{ changes: Change[]; next: string | null }> {
  const changes: Change[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.changesAfter(cursor, limit);
    expect(page.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...page.changes);
    cursor = page.next;
    if (page.changes.length < limit) return { changes, next: cursor };
  }
}

for (const backend of backends) {
  describe(`change feed on ${backend.name}`, () => {
    let store: Store;
    let options: { dataDir?: string; databaseUrl?: string; schema?: string };
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup, options } = await backend.open());
    });
    afterAll(async () => {
      await cleanup();
    });

    it('an empty feed reads nothing and hands the cursor back', async () => {
      expect(await store.changesAfter(null, 10)).toEqual({ changes: [], next: null });
    });

    it('stored, reextracted and reviewed changes are read once each, in order, over pages of three', async () => {
      for (let i = 0; i < 7; i++) await store.saveRecord(record(`f-${i}`));
      await store.saveRecord(record('f-2'));
      await store.reviewClaim('claim-f-5', { action: 'accept', reviewer: 'ed' });
      const { changes, next } = await readAll(store, null, 3);
      expect(changes.map((c) => [c.articleId, c.kind])).toEqual([...Array.from({ length: 7 }, (_, i) => [`f-${i}`, 'stored']), ['f-2', 'reextracted'], ['f-5', 'reviewed']]);
      const seqs = changes.map((c) => c.seq);
      expect(seqs).toEqual(Array.from({ length: 9 }, (_, i) => (seqs[0] as number) + i)); // no rollbacks here: no gaps
      expect(changes.every((c) => Math.abs(Date.parse(c.at) - Date.now()) < 60_000)).toBe(true);
      // read on from the end: nothing, and the same cursor to poll with
      expect(await store.changesAfter(next, 3)).toEqual({ changes: [], next });
    });

    it('a failed save writes no change: the feed is of what was stored', async () => {
      const { next } = await readAll(store, null, 100);
      await expect(store.saveRecord({ ...record('f-bad'), publishedAt: 'someday' })).rejects.toThrow();
      expect((await store.changesAfter(next, 10)).changes).toEqual([]);
    });

    it('a reader reopening the store reads on from its cursor: each change once across the restart', async () => {
      const before = await readAll(store, null, 4);
      await store.saveRecord(record('r-1'));
      const mid = await store.changesAfter(before.next, 100);
      await store.close();
      store = await Store.open(options);
      await store.saveRecord(record('r-2'));
      await store.saveRecord(record('r-1'));
      const after = await readAll(store, mid.next, 2);
      expect(mid.changes.map((c) => [c.articleId, c.kind])).toEqual([['r-1', 'stored']]);
      expect(after.changes.map((c) => [c.articleId, c.kind])).toEqual([
        ['r-2', 'stored'],
        ['r-1', 'reextracted'],
      ]);
      // the sequence carried on past the restart
      expect((after.changes[0]?.seq as number) > (mid.changes[0]?.seq as number)).toBe(true);
    });

    it('refuses a cursor that is not one, or of another list, with a clear error', async () => {
      await expect(store.changesAfter('%%%', 10)).rejects.toThrow(InvalidCursorError);
      await expect(store.changesAfter(Buffer.from('changes:abc').toString('base64url'), 10)).rejects.toThrow(/not a change number/);
      await expect(store.changesAfter(Buffer.from('claims:c1').toString('base64url'), 10)).rejects.toThrow(/not a cursor of changes/);
      await expect(store.changesAfter(null, 0)).rejects.toThrow(RangeError);
    });
  });
}

describe('change feed with concurrent writers on PostgreSQL', () => {
  let a: Store;
  let b: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const pgBackend = backends.find((x) => x.name === 'postgres');
    if (!pgBackend) throw new Error('no postgres backend');
    const opened = await pgBackend.open();
    a = opened.store;
    cleanup = opened.cleanup;
    b = await Store.open(opened.options); // a second store: its own pool of connections
  });
  afterAll(async () => {
    await b.close();
    await cleanup();
  });

  it('a change whose number came first commits first: a reader never sees a later one before it', async () => {
    await a.saveRecord(record('lock-1'));
    await a.saveRecord(record('lock-2'));
    const { next } = await readAll(a, null, 100);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let numbered!: () => void;
    const firstNumbered = new Promise<void>((r) => {
      numbered = r;
    });
    // the first writer takes its number, then holds its transaction open
    const first = a.db.transaction(async (tx) => {
      await recordChange(tx, 'lock-1', 'reviewed');
      numbered();
      await held;
    });
    await firstNumbered;
    // the second, on another connection, must wait for the first to commit before it is numbered
    const second = b.db.transaction((tx) => recordChange(tx, 'lock-2', 'reviewed'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await b.changesAfter(next, 10)).changes).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect((await b.changesAfter(next, 10)).changes.map((c) => c.articleId)).toEqual(['lock-1', 'lock-2']);
  });

  it('two stores saving at once while a reader polls: every change read once, in order, with no gaps', async () => {
    const start = await readAll(a, null, 1000);
    const n = 40;
    let writing = true;
    const save = async (store: Store, prefix: string) => {
      for (let i = 0; i < n; i += 4) await Promise.all([0, 1, 2, 3].map((k) => store.saveRecord(record(`${prefix}-${i + k}`))));
    };
    const writers = Promise.all([save(a, 'ca'), save(b, 'cb')]).finally(() => {
      writing = false;
    });
    const seen: Change[] = [];
    let cursor = start.next;
    while (writing) {
      const page = await b.changesAfter(cursor, 5);
      seen.push(...page.changes);
      cursor = page.next;
    }
    await writers;
    seen.push(...(await readAll(b, cursor, 5)).changes);
    const seqs = seen.map((c) => c.seq);
    expect(seen).toHaveLength(2 * n);
    expect(new Set(seen.map((c) => c.articleId)).size).toBe(2 * n);
    expect(seqs).toEqual(Array.from({ length: 2 * n }, (_, i) => (seqs[0] as number) + i));
    const { rows } = await a.db.query<{ n: string }>('SELECT count(*) AS n FROM changes WHERE seq > $1', [start.changes.at(-1)?.seq ?? 0]);
    expect(Number(rows[0]?.n)).toBe(2 * n);
  });
});
