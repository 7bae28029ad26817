// The HTTP API under concurrent load (part of `npm run bench`; alone: `node dist/bench/api.js [--articles N]
// [--connections C] [--duration S] [--backends pglite,postgres]`). A store is filled with N articles (the
// ../shared news pages extracted once, or the fixtures when those are absent, saved again and again under
// ids and URLs of their own), served on loopback by a process of its own (api-server.ts), and loaded with
// autocannon, one request kind at a time: claim pages (the first, and deep ones by cursor), claims of a
// speaker, a full-text search, one article, the change feed. Requests/s, p50 and p99 for each; the goal is a
// p99 under 50 ms. PGlite in a temporary folder; PostgreSQL (DATABASE_URL, default the local test database)
// in a schema of its own, dropped after. Figures only; correctness is the tests' job.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { FIXTURES_DIR } from '../eval/gold-sets.js';
import { extract } from '../extract/index.js';
import type { ArticleRecord } from '../record.js';
import { changeCursor, encodeCursor } from '../store/changes.js';
import { Store, type StoreOptions } from '../store/index.js';
import { loadNewsPages } from './news-pages.js';
import { wholeNumber } from './args.js';

const HERE = dirname(fileURLToPath(import.meta.url));

// autocannon has no types of its own: what is used of it
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  throughput: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; requests: { method: 'GET'; path: string }[] }) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

type Backend = 'pglite' | 'postgres';

export interface ApiBenchOptions {
  articles: number;
  connections: number;
  /** Seconds of load per request kind. */
  duration: number;
  backends: Backend[];
  databaseUrl: string;
}

interface Scenario {
  name: string;
  paths: string[];
}

export interface ScenarioResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  bytes: number;
  failed: number;
  /** CPU of the server process per answered request (PGlite's work included, PostgreSQL's own not); null off Linux. */
  cpuMs: number | null;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);

// --- the articles ---

/** The news pages (or the fixtures) extracted once, each under a URL of its own. */
function baseRecords(articles: number): { name: string; records: ArticleRecord[] } {
  // no more pages than articles: a short run (`--articles 500`) extracts no more than it stores
  const pages = loadNewsPages()?.slice(0, articles);
  if (pages?.length) return { name: `${pages.length} news pages`, records: pages.map((html, i) => extract({ html, url: `https://bench.example/news/${i}` })) };
  console.log('api: ../shared/data/news-pages not found: the fixtures stand in for them');
  const files = readdirSync(FIXTURES_DIR).filter((f) => /\.(html|txt)$/.test(f));
  return {
    name: `${files.length} fixtures`,
    records: files.map((f, i) => {
      const body = readFileSync(join(FIXTURES_DIR, f), 'utf8');
      return f.endsWith('.html') ? extract({ html: body, url: `https://bench.example/fixture/${i}` }) : extract({ text: body, url: `https://bench.example/fixture/${i}` });
    }),
  };
}

/** Article i: a base record under an id and URL of its own, its claims' ids made its own too. */
function variant(base: ArticleRecord, i: number): ArticleRecord {
  const id = `bench-${String(i).padStart(6, '0')}`;
  return { ...base, id, url: `https://bench.example/a/${i}`, canonicalUrl: null, claims: base.claims.map((c) => ({ ...c, id: `${c.id}-${i}` })) };
}

/** Saves n articles, `concurrency` at a time; records/s. */
async function fill(store: Store, bases: ArticleRecord[], n: number, concurrency: number, label: string): Promise<number> {
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      await store.saveRecord(variant(bases[i % bases.length] as ArticleRecord, i));
      if (++done % 1000 === 0) progress(`api ${label}: ${done} of ${n} articles stored (${(done / ((performance.now() - t0) / 1000)).toFixed(0)}/s)`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return n / ((performance.now() - t0) / 1000);
}

// --- what to ask for ---

const q = (s: string) => encodeURIComponent(s);

async function scenarios(store: Store): Promise<Scenario[]> {
  const db = store.db;
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string | number }>(sql, params)).rows[0]?.n ?? 0);
  const claims = await count('SELECT count(*) AS n FROM claims');
  // cursors spread over the whole list: page after the claim at 5 %, 15 %, … 95 %
  const deep: string[] = [];
  for (let k = 0.05; k < 1; k += 0.1) {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM claims ORDER BY id OFFSET $1 LIMIT 1', [Math.floor(claims * k)]);
    if (rows[0]) deep.push(encodeCursor('claims', rows[0].id));
  }
  const speakers = await db.query<{ id: string; n: string | number }>(
    'SELECT speaker_entity_id AS id, count(*) AS n FROM claims WHERE speaker_entity_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1',
  );
  const frequent = speakers.rows[0];
  const rare = speakers.rows.at(-1);
  const word = 'government';
  const matches = await count(`SELECT count(*) AS n FROM claims c WHERE to_tsvector('english', COALESCE(c.correction->'content'->>'text', c.content)) @@ websearch_to_tsquery('english', $1)`, [word]);
  const articles = await count('SELECT count(*) AS n FROM articles');
  const ids = Array.from({ length: 200 }, (_, k) => `bench-${String(Math.floor((k * 7919) % articles)).padStart(6, '0')}`);
  const changes = await count('SELECT max(seq) AS n FROM changes');
  const after = Array.from({ length: 50 }, (_, k) => changeCursor(Math.max(1, Math.floor(((k + 0.5) / 50) * changes))));
  const list: Scenario[] = [
    { name: 'GET /claims?limit=100, first page', paths: ['/claims?limit=100'] },
    { name: 'GET /claims?limit=100&after=…, deep pages', paths: deep.map((c) => `/claims?limit=100&after=${c}`) },
  ];
  if (frequent) list.push({ name: `GET /claims?speaker=… (${Number(frequent.n)} claims)`, paths: [`/claims?speaker=${q(frequent.id)}`] });
  if (rare && rare !== frequent) list.push({ name: `GET /claims?speaker=… (${Number(rare.n)} claims)`, paths: [`/claims?speaker=${q(rare.id)}`] });
  list.push(
    { name: `GET /claims?q=${word} (${matches} claims)`, paths: [`/claims?q=${word}`] },
    { name: 'GET /articles/{id}', paths: ids.map((id) => `/articles/${q(id)}`) },
    { name: 'GET /changes?after=…&limit=100', paths: after.map((c) => `/changes?after=${c}&limit=100`) },
  );
  progress(`api: ${articles} articles, ${claims} claims, ${changes} changes`);
  return list;
}

// --- serving and loading ---

async function startServer(store: StoreOptions): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(HERE, 'api-server.js'), [JSON.stringify(store)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const msg = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string }));
    child.once('exit', (code) => reject(new Error(`the API server exited (${code})`)));
  });
  return { child, url: msg.url };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill();
}

/** User + system CPU milliseconds of a process (Linux /proc, in clock ticks of 10 ms); null elsewhere. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function load(url: string, pid: number | undefined, s: Scenario, opts: ApiBenchOptions): Promise<ScenarioResult> {
  // warm-up: every distinct request once (the server's code paths, the database's caches)
  for (const path of s.paths) await (await fetch(url + path)).arrayBuffer();
  const cpu0 = cpuMsOf(pid);
  const r = await autocannon({ url, connections: opts.connections, duration: opts.duration, requests: s.paths.map((path) => ({ method: 'GET', path })) });
  const cpu1 = cpuMsOf(pid);
  return {
    name: s.name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    bytes: r.requests.total ? r.throughput.total / r.requests.total : 0,
    failed: r.non2xx + r.errors + r.timeouts,
    cpuMs: cpu0 !== null && cpu1 !== null && r.requests.total ? (cpu1 - cpu0) / r.requests.total : null,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;

function report(label: string, results: ScenarioResult[], opts: ApiBenchOptions): void {
  for (const r of results) {
    console.log(
      `api ${label}: ${r.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.p99 > 50 ? ' (over the 50 ms goal)' : ''}, max ${r.max} ms, ${kb(r.bytes)} an answer${r.cpuMs === null ? '' : `, server CPU ${r.cpuMs.toFixed(2)} ms a request`}${r.failed ? `, ${r.failed} failed` : ''}`,
    );
  }
  console.log(`api ${label}: ${opts.connections} connections, ${opts.duration} s each; server CPU: the API process's (with PGlite, the database's too; PostgreSQL's own not counted)`);
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** One backend: fill, serve, load each request kind. */
async function runBackend(backend: Backend, bases: ArticleRecord[], opts: ApiBenchOptions): Promise<ScenarioResult[]> {
  const dir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'newsdesk-bench-api-')) : null;
  const schema = backend === 'postgres' ? `bench_api_${randomUUID().replace(/-/g, '').slice(0, 12)}` : null;
  const storeOptions: StoreOptions = dir ? { dataDir: dir } : { databaseUrl: opts.databaseUrl, schema: schema as string };
  try {
    const store = await Store.open(storeOptions);
    let list: Scenario[];
    try {
      // PGlite is one connection: saves queue behind each other; PostgreSQL takes several at once
      const rate = await fill(store, bases, opts.articles, backend === 'pglite' ? 1 : 8, backend);
      console.log(`api ${backend}: ${opts.articles} articles stored at ${rate.toFixed(0)} records/s${backend === 'postgres' ? ' (8 saves at once)' : ''}`);
      // PostgreSQL's autovacuum gathers the planner's statistics within a minute of a bulk load, and the load
      // starts at once: done here, as it would have been. PGlite has none: ingest and reprocess gather them
      // after a batch (Store.analyze), as done here.
      await store.db.query('ANALYZE');
      list = await scenarios(store);
    } finally {
      await store.close(); // PGlite: one process at a time on a data folder; the server opens it next
    }
    const server = await startServer(storeOptions);
    try {
      const results: ScenarioResult[] = [];
      for (const s of list) {
        const r = await load(server.url, server.child.pid, s, opts);
        progress(`api ${backend}: ${r.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`);
        results.push(r);
      }
      report(backend, results, opts);
      return results;
    } finally {
      await stopServer(server.child);
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (schema) await dropSchema(opts.databaseUrl, schema).catch((err) => console.log(`api: could not drop schema ${schema}: ${(err as Error).message}`));
  }
}

// --- entry ---

export function parseApiArgs(argv: string[]): ApiBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '10000' },
      connections: { type: 'string', default: '10' },
      duration: { type: 'string', default: '10' },
      backends: { type: 'string', default: 'pglite,postgres' },
      'database-url': { type: 'string' },
    },
    strict: false,
  });
  const backends = String(values.backends)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`--backends ${JSON.stringify(b)}: expected pglite and/or postgres`);
  return {
    articles: wholeNumber(values.articles, 'articles'),
    connections: wholeNumber(values.connections, 'connections'),
    duration: wholeNumber(values.duration, 'duration'),
    backends: backends as Backend[],
    // loopback unless told otherwise: the bench creates and drops a schema of its own
    databaseUrl: String(values['database-url'] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
  };
}

export async function apiBench(argv: string[] = []): Promise<void> {
  const opts = parseApiArgs(argv);
  const t0 = performance.now();
  const { name, records } = baseRecords(opts.articles);
  console.log(`api: ${name} extracted in ${((performance.now() - t0) / 1000).toFixed(1)} s, stored as ${opts.articles} articles of their own`);
  for (const backend of opts.backends) {
    if (backend === 'postgres') {
      const missing = await postgresReachable(opts.databaseUrl);
      if (missing) {
        console.log(`api postgres: skipped (PostgreSQL at ${opts.databaseUrl} not reachable: ${missing})`);
        continue;
      }
    }
    await runBackend(backend, records, opts);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await apiBench(process.argv.slice(2));
