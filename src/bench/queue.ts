// The queue pipeline benchmark (part of `npm run bench`; alone: `node dist/bench/queue.js [--pages N]`).
// News pages from ../shared are served on loopback under distinct URLs (page-server.ts, a process of its
// own); extraction alone is timed on one core, then real `newsdesk worker` processes take the URLs through
// Redis into a fresh PostgreSQL schema: articles/s, enqueue → stored latency, RSS of each worker process.
// Figures only; correctness is the tests' job.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ROOT } from '../eval/gold-sets.js';
import { extract } from '../extract/index.js';
import { deleteKeysUnder, openQueues, type Queues } from '../queue/connection.js';
import { enqueueUrls } from '../queue/enqueue.js';
import { Store } from '../store/index.js';
import { loadNewsPages, servedPage } from './news-pages.js';
import { wholeNumber } from './args.js';

const BIN = join(ROOT, 'bin', 'newsdesk.js');
const HERE = dirname(fileURLToPath(import.meta.url));
// /proc/<pid>/stat counts CPU time in clock ticks: 100 a second on Linux
const TICKS = 100;
const STALL_MS = 180_000;

interface Shape {
  workers: number;
  threads: number;
  /** Each worker process held to a core of its own (taskset): N processes on N cores, one on one. */
  pinned?: boolean;
}

export interface QueueBenchOptions {
  pages: number;
  /** Loopback ports the pages are served on, each a host of its own to the politeness gate. */
  ports: number;
  shapes: Shape[];
  redisUrl: string;
  databaseUrl: string;
  /** Counted apart in the CPU shares. */
  serverPid?: number;
}

const mb = (kb: number | null | undefined) => (kb == null ? 'n/a' : `${Math.round(kb / 1024)} MB`);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const shapeName = (s: Shape) => `${s.workers} worker${s.workers > 1 ? 's' : ''} × ${s.threads} thread${s.threads > 1 ? 's' : ''}${s.pinned ? `, ${s.workers === 1 ? 'on one core' : 'a core each'}` : ''}`;
const progress = (line: string) => process.stderr.write(`${line}\n`);

// --- process accounting from /proc (Linux); null elsewhere or once the process is gone ---

function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** User + system CPU seconds of a process, all its threads. */
function cpuOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (every core) since boot. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const [, ...v] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const n = v.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return { busy: (total - idle) / TICKS, total: total / TICKS };
  } catch {
    return null;
  }
}

/** CPU seconds of every process now: who took the cores during a run. */
function processesCpu(): Map<number, { comm: string; cpu: number }> {
  const out = new Map<number, { comm: string; cpu: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(d), { comm: stat.slice(stat.indexOf('(') + 1, close), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Cores used over a run by group: ours by pid, the servers by name; "others" is the rest of the machine's
 * busy time (other users' processes, the kernel, processes that came and went). */
function cpuShares(before: Map<number, { comm: string; cpu: number }>, after: Map<number, { comm: string; cpu: number }>, groups: Record<string, number[]>, machineBusy: number | null, wallS: number): string {
  const used: Record<string, number> = { ...Object.fromEntries(Object.keys(groups).map((g) => [g, 0])), PostgreSQL: 0, Redis: 0 };
  for (const [pid, p] of after) {
    const delta = p.cpu - (before.get(pid)?.cpu ?? 0);
    const group = Object.keys(groups).find((g) => groups[g]?.includes(pid)) ?? (p.comm.startsWith('postgres') ? 'PostgreSQL' : p.comm.startsWith('redis-server') ? 'Redis' : null);
    if (group) used[group] = (used[group] ?? 0) + delta;
  }
  const known = Object.values(used).reduce((a, b) => a + b, 0);
  if (machineBusy !== null) used.others = Math.max(0, machineBusy - known);
  return Object.entries(used)
    .map(([g, s]) => `${g} ${(s / wallS).toFixed(2)}`)
    .join(', ');
}

// --- services ---

async function reachable(redisUrl: string, databaseUrl: string): Promise<string | null> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return `Redis at ${redisUrl} not reachable (${(err as Error).message})`;
  } finally {
    redis.disconnect();
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch (err) {
    return `PostgreSQL at ${databaseUrl} not reachable (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
  return null;
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}


// --- the page server ---

async function startPageServer(ports: number): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = fork(join(HERE, 'page-server.js'), [String(ports)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const msg = await new Promise<{ ports?: number[]; error?: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { ports?: number[]; error?: string }));
    child.once('exit', (code) => reject(new Error(`the page server exited (${code})`)));
  });
  if (!msg.ports) throw new Error(`the page server failed: ${msg.error}`);
  return { child, ports: msg.ports };
}

// --- extraction alone ---

/** In-process extract() over the distinct pages, one pass, on this thread: one core's rate. Returns each
 * page's time so the rate of a run's mix (page i = page i mod N) can be told too. */
function benchExtractAlone(pages: string[], runPages: number): void {
  const docs = pages.map((html, i) => ({ html: servedPage(html, `http://127.0.0.1:1/p/${i}`, i), url: `http://127.0.0.1:1/p/${i}` }));
  extract(docs[0] as { html: string }); // warm-up: lexicons and models load on first use
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const d of docs) {
    const s = performance.now();
    extract(d);
    times.push(performance.now() - s);
  }
  const total = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  let mix = 0;
  for (let i = 0; i < runPages; i++) mix += times[i % times.length] as number;
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `queue: extraction alone, 1 core: ${docs.length} news pages in ${total.toFixed(1)} s = ${(docs.length / total).toFixed(1)} articles/s (median ${pct(sorted, 0.5).toFixed(0)} ms, p95 ${pct(sorted, 0.95).toFixed(0)} ms; CPU ${((cpu.user + cpu.system) / 1000 / docs.length).toFixed(0)} ms/article, GC threads included); the ${runPages}-page mix: ${(runPages / (mix / 1000)).toFixed(1)} articles/s`,
  );
}

// --- one pipeline run ---

interface WorkerProc {
  child: ChildProcess;
  pid: number;
  stderrTail: string[];
  exited: Promise<number | null>;
}

function startWorkerProcess(shape: Shape, env: NodeJS.ProcessEnv, index: number): Promise<WorkerProc> {
  const args = [BIN, 'worker', '--threads', String(shape.threads)];
  const child = shape.pinned
    ? spawn('taskset', ['-c', String(index % availableParallelism()), process.execPath, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderrTail: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffer = '';
    let started = false;
    child.stderr?.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        stderrTail.push(line);
        if (stderrTail.length > 20) stderrTail.shift();
        if (!started && line.includes('"worker started"')) {
          started = true;
          resolve({ child, pid: child.pid as number, stderrTail, exited });
        }
      }
    });
    void exited.then((code) => {
      if (!started) reject(new Error(`newsdesk worker exited (${code}) before starting:\n${stderrTail.join('\n')}`));
    });
  });
}

/** Waits until the workers have loaded their extraction threads (no CPU used for half a second), so the
 * run measures the pipeline rather than process start. */
async function settled(pids: number[], limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  let last = pids.map(cpuOf);
  while (Date.now() < end) {
    await sleep(500);
    const now = pids.map(cpuOf);
    if (now.every((c, i) => c === null || (last[i] ?? null) === null || c - (last[i] as number) < 0.05)) return;
    last = now;
  }
}

async function stopWorkers(procs: WorkerProc[]): Promise<void> {
  for (const p of procs) p.child.kill('SIGTERM');
  await Promise.all(
    procs.map(async (p) => {
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

export interface RunResult {
  shape: Shape;
  stored: number;
  failed: number;
  seconds: number;
  rate: number;
  p50: number;
  p95: number;
}

async function runShape(shape: Shape, urls: string[], opts: QueueBenchOptions): Promise<RunResult> {
  const id = randomUUID().replace(/-/g, '').slice(0, 12);
  const schema = `bench_${id}`;
  const prefix = `bench-${id}`;
  const name = shapeName(shape);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    NEWSDESK_DB_SCHEMA: schema,
    REDIS_URL: opts.redisUrl,
    NEWSDESK_QUEUE_PREFIX: prefix,
    NEWSDESK_ALLOW_PRIVATE_HOSTS: '1',
    NEWSDESK_MIN_DELAY_MS: '0',
    LOG_LEVEL: 'info',
  };
  // the tables exist before the workers start, so they do not race to create them
  const store = await Store.open({ databaseUrl: opts.databaseUrl, schema });
  let queues: Queues | undefined;
  const procs: WorkerProc[] = [];
  try {
    queues = openQueues(opts.redisUrl, prefix);
    for (let w = 0; w < shape.workers; w++) procs.push(await startWorkerProcess(shape, env, w));
    const pids = procs.map((p) => p.pid);
    await settled(pids);
    const idle = pids.map(memoryOf);

    // peak RSS is the kernel's high-water mark (VmHWM) at the end, which no sampling interval can miss
    const cpu0 = pids.map(cpuOf);
    const machine0 = machineCpu();
    const procs0 = processesCpu();
    const t0 = Date.now();
    const { jobs } = await enqueueUrls(queues, urls, { batch: `bench-${id}` });
    const enqueuedMs = Date.now() - t0;
    const total = jobs.length;
    const half = Math.ceil(total / 2);
    let atHalf: (number | null)[] | null = null;
    // RSS of each worker sampled while the first and the last half are stored: their medians see past the
    // sawtooth of garbage collection, which a single reading at either point does not
    const halves: [number[][], number[][]] = [pids.map(() => []), pids.map(() => [])];
    let lastDone = -1;
    let lastChange = Date.now();
    let lastPrint = Date.now();
    let fetchedAt: number | null = null;
    let done = 0;
    let stored = 0;
    let failed = 0;
    for (;;) {
      const x = await queues.extract.getJobCounts('completed', 'failed');
      const f = await queues.fetch.getJobCounts('completed', 'failed');
      stored = x.completed ?? 0;
      failed = (x.failed ?? 0) + (f.failed ?? 0);
      done = stored + failed;
      if (fetchedAt === null && (f.completed ?? 0) + (f.failed ?? 0) >= total) fetchedAt = Date.now() - t0;
      if (atHalf === null && stored >= half) atHalf = pids.map((pid) => memoryOf(pid)?.rss ?? null);
      pids.forEach((pid, i) => {
        const rss = memoryOf(pid)?.rss;
        if (rss) halves[stored < half ? 0 : 1][i]?.push(rss);
      });
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
      }
      if (done >= total) break;
      if (Date.now() - lastChange > STALL_MS) throw new Error(`${name}: no job finished for ${STALL_MS / 1000} s (${done}/${total} done); last worker lines:\n${procs.flatMap((p) => p.stderrTail.slice(-5)).join('\n')}`);
      if (Date.now() - lastPrint >= 10_000) {
        lastPrint = Date.now();
        progress(`queue ${name}: ${stored}/${total} stored, ${failed} failed, ${f.completed ?? 0} fetched, ${sec(Date.now() - t0)}`);
      }
      await sleep(250);
    }
    const cpu1 = pids.map(cpuOf);
    const machine1 = machineCpu();
    const procs1 = processesCpu();
    const wallS = (Date.now() - t0) / 1000;
    const end = pids.map(memoryOf);

    const completed = await queues.extract.getJobs(['completed'], 0, -1);
    const latencies: number[] = [];
    let lastStored = t0;
    const serviceMs: number[] = [];
    for (const job of completed) {
      const rv = job.returnvalue as { storedAt?: number } | null;
      const storedAt = rv?.storedAt ?? job.finishedOn ?? t0;
      latencies.push(storedAt - (job.data.enqueuedAt as number));
      lastStored = Math.max(lastStored, storedAt);
      if (job.processedOn && job.finishedOn) serviceMs.push(job.finishedOn - job.processedOn);
    }
    latencies.sort((a, b) => a - b);
    serviceMs.sort((a, b) => a - b);
    const seconds = (lastStored - t0) / 1000;
    const rate = completed.length / seconds;
    const failures = [...(await queues.fetch.getJobs(['failed'], 0, 4)), ...(await queues.extract.getJobs(['failed'], 0, 4))];
    const counts = await store.counts();

    const hwm = end.map((m) => mb(m?.hwm));
    const rssFirst = (atHalf ?? []).map((kb) => mb(kb));
    const rssLast = end.map((m) => mb(m?.rss));
    const change = (from: number | null | undefined, to: number | null | undefined) => (from && to ? `${((to / from - 1) * 100).toFixed(0)} %` : 'n/a');
    const growth = (atHalf ?? []).map((kb, i) => change(kb, end[i]?.rss));
    const median = (xs: number[] | undefined) => (xs?.length ? pct([...xs].sort((a, b) => a - b), 0.5) : null);
    const medians = pids.map((_, i) => [median(halves[0][i]), median(halves[1][i])] as const);
    const thousand = half === 1000 ? 'first/last thousand' : `at ${half}/${total} stored`;
    console.log(
      `queue ${name}: ${completed.length} stored in ${sec(lastStored - t0)} = ${rate.toFixed(1)} articles/s; enqueue→stored p50 ${sec(pct(latencies, 0.5))}, p95 ${sec(pct(latencies, 0.95))}; peak RSS ${hwm.join(' / ')}; RSS ${thousand} ${rssFirst.join(' / ')} → ${rssLast.join(' / ')} (${growth.join(' / ')}), median while storing them ${medians.map(([a]) => mb(a)).join(' / ')} → ${medians.map(([, b]) => mb(b)).join(' / ')} (${medians.map(([a, b]) => change(a, b)).join(' / ')})${failed ? `; ${failed} FAILED` : ''}`,
    );
    const workerCpu = cpu1.map((c, i) => (c ?? 0) - (cpu0[i] ?? 0));
    const busy = machine0 && machine1 ? machine1.busy - machine0.busy : null;
    console.log(
      `  enqueued in ${sec(enqueuedMs)}, all fetched at ${fetchedAt === null ? 'n/a' : sec(fetchedAt)}; extract job (read page, extract on the pool, store) median ${pct(serviceMs, 0.5).toFixed(0)} ms, p95 ${pct(serviceMs, 0.95).toFixed(0)} ms, extract slots busy ${((serviceMs.reduce((a, b) => a + b, 0) / (wallS * 1000 * shape.workers * shape.threads)) * 100).toFixed(0)} %; worker CPU ${workerCpu.map((c) => `${(c / wallS).toFixed(2)}`).join(' / ')} cores, ${((workerCpu.reduce((a, b) => a + b, 0) * 1000) / Math.max(1, completed.length)).toFixed(0)} ms/article; idle RSS ${idle.map((m) => mb(m?.rss)).join(' / ')}; ${counts.articles} articles in PostgreSQL`,
    );
    console.log(
      `  cores used (of ${availableParallelism()}${busy === null ? '' : `, ${(busy / wallS).toFixed(2)} busy`}): ${cpuShares(procs0, procs1, { workers: pids, 'page server': opts.serverPid ? [opts.serverPid] : [], bench: [process.pid] }, busy, wallS)}`,
    );
    for (const job of failures) console.log(`  failed: ${'url' in job.data ? job.data.url : job.data.input}: ${job.failedReason}`);
    return { shape, stored: completed.length, failed, seconds, rate, p50: pct(latencies, 0.5), p95: pct(latencies, 0.95) };
  } finally {
    await stopWorkers(procs).catch(() => {});
    if (queues) {
      await deleteKeysUnder(queues.redis, prefix).catch((err) => console.log(`queue: could not delete Redis keys ${prefix}:*: ${(err as Error).message}`));
      await queues.close();
    }
    await store.close().catch(() => {});
    await dropSchema(opts.databaseUrl, schema).catch((err) => console.log(`queue: could not drop schema ${schema}: ${(err as Error).message}`));
  }
}

// --- entry ---

export function parseQueueArgs(argv: string[]): QueueBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      pages: { type: 'string', default: '2000' },
      ports: { type: 'string', default: '8' },
      shapes: { type: 'string', default: '1x1p,2x1p,1x1,2x1,1x2' },
      'redis-url': { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: false,
  });
  const shapes = String(values.shapes)
    .split(',')
    .map((s) => {
      const m = /^(\d+)x(\d+)(p?)$/.exec(s.trim());
      if (!m) throw new Error(`--shapes ${JSON.stringify(s)}: expected WORKERSxTHREADS, e.g. 2x1 (2x1p: each process on a core of its own)`);
      return { workers: wholeNumber(m[1], 'shapes'), threads: wholeNumber(m[2], 'shapes'), pinned: m[3] === 'p' };
    });
  return {
    pages: wholeNumber(values.pages, 'pages'),
    ports: wholeNumber(values.ports, 'ports'),
    shapes,
    // loopback unless told otherwise: the bench creates and drops a schema and deletes keys under its prefix
    redisUrl: String(values['redis-url'] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    databaseUrl: String(values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
  };
}

export async function queueBench(argv: string[] = []): Promise<void> {
  const opts = parseQueueArgs(argv);
  const pages = loadNewsPages();
  if (!pages?.length) {
    console.log('queue: skipped (../shared/data/news-pages not found)');
    return;
  }
  benchExtractAlone(pages, opts.pages);
  const missing = await reachable(opts.redisUrl, opts.databaseUrl);
  if (missing) {
    console.log(`queue pipeline: skipped (${missing})`);
    return;
  }
  const server = await startPageServer(opts.ports);
  try {
    const urls = Array.from({ length: opts.pages }, (_, i) => `http://127.0.0.1:${server.ports[i % server.ports.length]}/p/${i}`);
    const results: RunResult[] = [];
    for (const shape of opts.shapes) results.push(await runShape(shape, urls, { ...opts, ...(server.child.pid ? { serverPid: server.child.pid } : {}) }));
    for (const pinned of [true, false]) {
      const one = results.find((r) => r.shape.workers === 1 && r.shape.threads === 1 && !!r.shape.pinned === pinned);
      const two = results.find((r) => r.shape.workers === 2 && r.shape.threads === 1 && !!r.shape.pinned === pinned);
      if (one && two) console.log(`queue: 2 workers / 1 worker${pinned ? ', each on a core of its own' : ', unpinned'} = ${(two.rate / one.rate).toFixed(2)}× (goal ≥ 1.7×)`);
    }
  } finally {
    server.child.disconnect();
    server.child.kill();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await queueBench(process.argv.slice(2));
