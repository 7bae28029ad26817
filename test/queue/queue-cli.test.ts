// The queue commands as operators run them: bin/newsdesk.js processes (the compiled dist/) against the real
// Redis and PostgreSQL, one `newsdesk worker` in the background, the project's fixtures served on 127.0.0.1.
// The steps build on each other (enqueue, status, reprocess, retry-failed, stop), in this order.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { EXTRACTOR } from '../../src/version.js';
import { BIN, runAsync } from '../helpers/cli.js';
import { openQueueEnv, type QueueEnv, REDIS_URL, waitFor } from '../helpers/queue.js';
import { POSTGRES_URL } from '../helpers/services.js';
import { page, startServer, type TestServer } from '../helpers/server.js';

const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.html'))
  .sort()
  .slice(0, 5);

let env: QueueEnv;
let server: TestServer;
let cliEnv: Record<string, string>;
let dir: string;
let listFile: string;
let flipped = false;
let worker: { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } | undefined;

const urlOf = (f: string) => `${server.url}/articles/${f}`;
const flipUrl = () => `${server.url}/later`;
const cli = (args: string[], extra: Record<string, string> = {}) => runAsync(args, { ...cliEnv, ...extra });
const updatedAt = async () => Object.fromEntries((await env.sql<{ id: string; updated_at: Date }>('SELECT id, updated_at FROM articles')).map((r) => [r.id, r.updated_at.getTime()]));

beforeAll(async () => {
  const routes: Parameters<typeof startServer>[0] = {
    // 404 until the test flips it, then an article: what retry-failed is for
    '/later': (_req, res) => {
      if (!flipped) res.writeHead(404, { 'content-type': 'text/plain' }).end('not yet');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Late edition', ['The late edition went to press at midnight, the editor said.', 'It sold out by morning.']));
    },
  };
  for (const f of FIXTURES) {
    routes[`/articles/${f}`] = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES_DIR, f)));
    };
  }
  server = await startServer(routes);
  env = await openQueueEnv();
  cliEnv = {
    REDIS_URL,
    DATABASE_URL: POSTGRES_URL,
    NEWSDESK_DB_SCHEMA: env.schema,
    NEWSDESK_QUEUE_PREFIX: env.prefix,
    NEWSDESK_ALLOW_PRIVATE_HOSTS: '1',
    NEWSDESK_MIN_DELAY_MS: '0',
    NEWSDESK_LOCK_MS: '5000',
    LOG_LEVEL: 'warn',
  };
  dir = mkdtempSync(join(tmpdir(), 'newsdesk-queue-cli-'));
  listFile = join(dir, 'urls.txt');
  writeFileSync(listFile, `# fixtures served on loopback\n${FIXTURES.map(urlOf).join('\n')}\n`);
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await env?.cleanup();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('queue commands without their services', () => {
  it('enqueue without REDIS_URL exits 2 naming REDIS_URL', async () => {
    const r = await cli(['enqueue', urlOf(FIXTURES[0] as string)], { REDIS_URL: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('REDIS_URL');
    expect(r.stderr).toContain('--redis-url');
    expect(await env.queues.fetch.count()).toBe(0);
  });

  it('enqueue with a Redis that does not answer exits 1 within seconds, naming it without its password', async () => {
    // port 1 on loopback: nothing listens there
    const t0 = Date.now();
    const r = await cli(['enqueue', urlOf(FIXTURES[0] as string)], { REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot reach Redis at redis://127.0.0.1:1');
    expect(r.stderr).not.toContain('hunter2');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('worker without DATABASE_URL exits 2: workers share PostgreSQL', async () => {
    const r = await cli(['worker', '--threads', '1'], { DATABASE_URL: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toMatch(/PostgreSQL/);
  });
});

describe('a worker in the background', () => {
  it('enqueue --wait of a URL list: every fixture stored, exit 0, a JSON summary', async () => {
    const child = spawn(process.execPath, [BIN, 'worker', '--threads', '1'], { env: { ...process.env, ...cliEnv } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    worker = { child, stderr: () => stderr, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };

    const r = await cli(['enqueue', '--wait', listFile]);
    expect(r.stderr).toContain(`${FIXTURES.length} queued`);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(summary).toEqual({ batch: expect.any(String), total: FIXTURES.length, stored: FIXTURES.length, failed: 0 });
    const inputs = await env.sql<{ input: string }>('SELECT input FROM article_inputs ORDER BY input');
    expect(inputs.map((i) => i.input)).toEqual(FIXTURES.map(urlOf).sort());
    for (const f of FIXTURES) expect(server.log.filter((l) => l === `GET /articles/${f}`).length, f).toBe(1);
  });

  it('enqueue --wait of a URL that fails: exit 1, the failure named', async () => {
    const r = await cli(['enqueue', '--wait', flipUrl()]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ total: 1, stored: 0, failed: 1 });
    expect(r.stderr).toContain(`${flipUrl()}: http-status`);
    expect(r.stderr).toContain('HTTP 404');
  });

  it('status --json: completed and failed jobs per queue, the latest failure with its reason', async () => {
    const r = await cli(['status', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout.trim()) as { queues: Record<string, { counts: Record<string, number> }>; failures: { input: string; stage: string; reason: string; attempts: number }[] };
    expect(s.queues.fetch?.counts).toMatchObject({ completed: FIXTURES.length, failed: 1, waiting: 0, active: 0 });
    expect(s.queues.extract?.counts).toMatchObject({ completed: FIXTURES.length, failed: 0, waiting: 0, active: 0 });
    expect(s.queues.feeds?.counts).toMatchObject({ completed: 0, failed: 0 });
    expect(s.failures.map((f) => [f.input, f.stage, f.reason, f.attempts])).toEqual([[flipUrl(), 'fetch', 'http-status', 1]]);
  });

  it('reprocess --stale without Redis re-extracts here only the record of an older extractor, fetching nothing', async () => {
    const [old] = await env.sql<{ id: string }>('SELECT id FROM articles ORDER BY id LIMIT 1');
    const oldId = (old as { id: string }).id;
    await env.sql("UPDATE articles SET extractor_version = '0.0.0' WHERE id = $1", [oldId]);
    const before = await updatedAt();
    const requests = server.log.length;

    const r = await cli(['reprocess', '--stale'], { REDIS_URL: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('re-extracted 1 of 1');
    const after = await updatedAt();
    for (const [id, t] of Object.entries(before)) {
      if (id === oldId) expect(after[id], id).toBeGreaterThan(t);
      else expect(after[id], id).toBe(t);
    }
    expect(await env.sql('SELECT id FROM articles WHERE extractor_version <> $1', [EXTRACTOR.version])).toEqual([]);
    expect(server.log.length).toBe(requests);
    // nothing went through the queue
    expect(await env.queues.extract.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });

    // nothing stale any more: nothing to do
    const again = await cli(['reprocess', '--stale'], { REDIS_URL: '' });
    expect(again.stderr).toContain('re-extracted 0 of 0');
  });

  it('reprocess --all with Redis queues every stored document and the worker re-extracts them, fetching nothing', async () => {
    const before = await updatedAt();
    const requests = server.log.length;
    const r = await cli(['reprocess', '--all']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${FIXTURES.length} documents queued for extraction`);
    await waitFor('every record re-extracted', async () => {
      const after = await updatedAt();
      return Object.entries(before).every(([id, t]) => (after[id] ?? 0) > t);
    });
    expect(Object.keys(await updatedAt()).sort()).toEqual(Object.keys(before).sort());
    expect(server.log.length).toBe(requests);
  });

  it('retry-failed --reason http-status fetches the failed URL again, and it is stored once the server has it', async () => {
    flipped = true;
    // another reason: nothing queued
    const none = await cli(['retry-failed', '--reason', 'timeout']);
    expect(none.status).toBe(0);
    expect(none.stderr).toContain('0 queued to fetch again');

    const r = await cli(['retry-failed', '--reason', 'http-status']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 queued to fetch again');
    const record = await waitFor('the late page stored', () => env.store.getRecord(flipUrl()).then((x) => x ?? undefined));
    expect(record.title).toBe('Late edition');
    expect(server.log.filter((l) => l === 'GET /later').length).toBe(2);
    expect(await env.store.failures()).toEqual([]);
  });

  it('the worker stops on SIGTERM with exit 0, having logged nothing at error level', async () => {
    const w = worker as NonNullable<typeof worker>;
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    const lines = w
      .stderr()
      .split('\n')
      .filter((l) => l.trim());
    const records = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    // pino levels: 50 error, 60 fatal; the 404 was a warning (40)
    expect(records.filter((x) => x.level >= 50)).toEqual([]);
    expect(records.some((x) => x.level === 40 && x.msg === 'fetch failed')).toBe(true);
  });
});
