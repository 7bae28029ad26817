
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server.js';
import type { Change, } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';
import { call, ingestFixture, startApi } from './harness.js';

type ChangePage = { changes: Change[]; next: string | null };

/** Every change after a cursor, read a page of `limit` at a time; and the cursor to read on from. */
async function follow(api: { url: string }, after: string | null, limit: number): Promise<{ changes: Change[]; next: string | null; pages: number }> {
  const changes: Change[] = [];
  let cursor = after;
  for (let pages = 1; pages < 100; pages++) {
    const r = await call<ChangePage>(api, `/changes?limit=${limit}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status).toBe(200);
    expect(r.body.changes.length).toBeLessThanOrEqual(limit);
    changes.push(...r.body.changes);
    if (!r.body.changes.length) {
      expect(r.body.next).toBe(cursor); // nothing new: the same cursor back
      return { changes, next: cursor, pages };
    }
    cursor = r.body.next;
  }
  throw new Error('more than 100 pages');
}

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** An open event stream: events as they come, parsed. */
async function openStream(api: { url: string }, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${api.url}${path}`, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queued: SseEvent[] = [];
  async function next(timeoutMs = 5_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    while (!queued.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      const chunk = await Promise.race([reader.read(), new Promise<'late'>((r) => setTimeout(() => r('late'), left))]);
      if (chunk === 'late') continue;
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const ev: SseEvent = { data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') ev.id = value;
          else if (field === 'event') ev.event = value;
          else if (field === 'data') ev.data += value;
        }
        if (ev.data || ev.id) queued.push(ev);
        end = buffer.indexOf('\n\n');
      }
    }
    return queued.shift() as SseEvent;
  }
  return {
    res,
    next,
    close: () => {
      controller.abort();
      return reader.cancel().catch(() => undefined);
    },
  };
}

for (const backend of backends) {
  describe(`the change feed on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      db = await backend.open();
      for (const name of ['date-from-url', 'quote-speaker-after', 'two-sentence-attribution']) ids[name] = await ingestFixture(db.store, name);
      api = await startApi({ store: db.store });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('followed a page at a time, every change once; after a restart, only the new ones', async () => {
      const stored = [ids['date-from-url'], ids['quote-speaker-after'], ids['two-sentence-attribution']];
      const whole = await follow(api, null, 1000);
      expect(whole.changes.map((c) => [c.kind, c.articleId])).toEqual(stored.map((id) => ['stored', id]));
      for (const limit of [1, 2]) {
        const paged = await follow(api, null, limit);
        expect(paged.changes).toEqual(whole.changes);
        expect(paged.pages).toBe(Math.ceil(3 / limit) + 1);
        expect(paged.next).toBe(whole.next);
      }
      const seqs = whole.changes.map((c) => c.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

      // the server goes; meanwhile an article is stored, another stored again, and a claim reviewed
      await api.close();
      const wind = ids['two-sentence-attribution'] as string;
      ids['non-western-names'] = await ingestFixture(db.store, 'non-western-names');
      await ingestFixture(db.store, 'date-from-url');
      const haskins = (await db.store.listClaims({ speaker: 'person:dale-haskins' })).items[0];
      expect((await db.store.reviewClaim(haskins?.id as string, { action: 'accept', reviewer: 'rita' })).ok).toBe(true);
      api = await startApi({ store: db.store });

      const fresh = await follow(api, whole.next, 1);
      expect(fresh.changes.map((c) => [c.kind, c.articleId])).toEqual([
        ['stored', ids['non-western-names']],
        ['reextracted', ids['date-from-url']],
        ['reviewed', wind],
      ]);
      expect(fresh.changes.every((c) => c.seq > Math.max(...seqs))).toBe(true);
      // and reading on from there: nothing
      expect((await call<ChangePage>(api, `/changes?after=${encodeURIComponent(fresh.next as string)}`)).body).toEqual({ changes: [], next: fresh.next });
    });

    it('a bad cursor or limit is a 400', async () => {
      const claims = await call<{ next: string }>(api, '/claims?limit=1');
      for (const path of ['/changes?limit=0', '/changes?limit=1001', '/changes?limit=two', '/changes?after=***', `/changes?after=${encodeURIComponent(claims.body.next)}`, '/changes/stream?after=***']) {
        const r = await call<{ error: string; message: string }>(api, path);
        expect(r.status, path).toBe(400);
        expect(r.body.error).toBe('invalid-request');
      }
      expect((await call<{ message: string }>(api, '/changes?after=***')).body.message).toContain('invalid cursor');
      expect((await call(api, '/changes/stream', { headers: { 'last-event-id': 'bm9wZQ' } })).status).toBe(400);
    });

    it('the stream delivers a change made after connecting, its id the cursor, and ends when the client goes', async () => {
      const now = await follow(api, null, 1000);
      const stream = await openStream(api, `/changes/stream?after=${encodeURIComponent(now.next as string)}`);
      try {
        expect(stream.res.status).toBe(200);
        expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        // connected: now Megan Decker's claim is accepted
        const decker = (await db.store.listClaims({ speaker: 'person:megan-decker' })).items[0];
        expect((await db.store.reviewClaim(decker?.id as string, { action: 'accept', reviewer: 'sam' })).ok).toBe(true);
        const ev = await stream.next();
        expect(ev.event).toBe('change');
        const change = JSON.parse(ev.data) as Change;
        expect([change.kind, change.articleId]).toEqual(['reviewed', ids['two-sentence-attribution']]);
        // its id is the cursor /changes gives for it
        const page = await call<ChangePage>(api, `/changes?after=${encodeURIComponent(now.next as string)}`);
        expect(page.body.changes).toEqual([change]);
        expect(ev.id).toBe(page.body.next);
      } finally {
        await stream.close();
      }
      // the stream ended with its client: closing the server does not wait for it
      const t0 = Date.now();
      await api.close();
      expect(Date.now() - t0).toBeLessThan(3_000);
      api = await startApi({ store: db.store });
      expect((await call(api, '/healthz')).status).toBe(200);
    });

    it('the stream resumes after Last-Event-ID (which wins over ?after)', async () => {
      const all = (await follow(api, null, 1000)).changes;
      expect(all.length).toBeGreaterThanOrEqual(3);
      const first = await call<ChangePage>(api, '/changes?limit=1');
      const stream = await openStream(api, '/changes/stream', { 'last-event-id': first.body.next as string });
      try {
        const got: Change[] = [];
        for (let i = 1; i < all.length; i++) got.push(JSON.parse((await stream.next()).data) as Change);
        expect(got).toEqual(all.slice(1));
      } finally {
        await stream.close();
      }
      const last = await call<ChangePage>(api, `/changes?limit=1000`);
      const both = await openStream(api, `/changes/stream?after=${encodeURIComponent(last.body.next as string)}`, { 'last-event-id': first.body.next as string });
      try {
        expect(JSON.parse((await both.next()).data)).toEqual(all[1]);
      } finally {
        await both.close();
      }
    });
  });
}
