// Extraction on worker threads with a time limit per document: a runaway document is stopped and fails
// with its reason, the thread is replaced, and the documents after it are extracted as usual.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Extractor, inProcessExtractor, poolExtractor } from '../../src/ingest/index.js';

const ARTICLE = 'Acme Robotics said on Monday that it would open a factory in Lyon.\n\n"We are proud to build here," said Claire Dubois, its chief executive.';

describe('the extraction pool (real worker threads)', () => {
  const pool: Extractor = poolExtractor({ threads: 2, timeoutMs: 20_000 });
  afterAll(() => pool.close());

  it('extracts the same record as extraction on the calling thread', async () => {
    const [inWorker, inHere] = await Promise.all([pool.run({ text: ARTICLE, publishedAt: '2024-05-08' }, 'a'), inProcessExtractor().run({ text: ARTICLE, publishedAt: '2024-05-08' }, 'a')]);
    expect(inWorker.ok && inHere.ok).toBe(true);
    if (!inWorker.ok || !inHere.ok) return;
    expect(inWorker.record).toEqual(inHere.record);
    expect(inWorker.record.claims.some((c) => c.speaker?.name === 'Claire Dubois')).toBe(true);
  });

  it('a document extraction cannot take fails with its reason, and the pool goes on', async () => {
    const bad = await pool.run({ html: '<div></div>' }, 'not-a-page.html');
    const none = await pool.run({}, 'nothing.json');
    expect(none).toMatchObject({ ok: false, reason: 'extract-failed' });
    if (!none.ok) expect(none.detail).toMatch(/^nothing\.json: extraction failed: .*html or text/);
    expect(bad.ok).toBe(true); // a page with no text is still a record (non-article), not a crash
    expect((await pool.run({ text: ARTICLE }, 'after')).ok).toBe(true);
  });
});

describe('the time limit stops a thread that never finishes', () => {
  // a worker module that spins forever on request: the limit must stop it, since nothing else can
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-worker-'));
  const workerFile = join(dir, 'spin.mjs');
  writeFileSync(workerFile, 'export default function (task) { if (task.spin) for (;;) {} return { echo: task.echo }; }\n');
  // generous enough that a fresh thread starts within it on a loaded machine
  const pool = poolExtractor({ threads: 1, timeoutMs: 1_500, workerFile });
  afterAll(() => pool.close());

  it('fails the runaway document with extract-timeout, then serves the next one on a fresh thread', async () => {
    const started = Date.now();
    const r = await pool.run({ spin: true } as never, 'http://news.example/endless');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(r).toMatchObject({ ok: false, reason: 'extract-timeout' });
    if (!r.ok) expect(r.detail).toBe('http://news.example/endless: extraction took longer than 1500 ms and was stopped');
    const next = await pool.run({ echo: 7 } as never, 'next');
    expect(next).toEqual({ ok: true, record: { echo: 7 } });
  });

  it('documents queued behind a busy thread get their whole time limit once it is free', async () => {
    const slowThenFast = await Promise.all([pool.run({ spin: true } as never, 'first'), pool.run({ echo: 1 } as never, 'second'), pool.run({ echo: 2 } as never, 'third')]);
    expect(slowThenFast.map((r) => r.ok)).toEqual([false, true, true]);
  });
});
