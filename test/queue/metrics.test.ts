// A worker's metrics as Prometheus sees them: a real HTTP server on 127.0.0.1, scraped with fetch().
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createMetrics, type Metrics, type MetricsOptions, type MetricsServer } from '../../src/queue/metrics.js';

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The samples of an exposition-format text (comments and blank lines skipped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m?.[1] || !m[3]) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; undefined if there is none. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function started(opts: MetricsOptions = {}): Promise<{ metrics: Metrics; url: string; server: MetricsServer }> {
  const metrics = createMetrics({ collectDefault: false, ...opts });
  const server = await metrics.serve(0);
  servers.push(server);
  return { metrics, server, url: `http://127.0.0.1:${server.port}` };
}

async function scrape(url: string): Promise<{ status: number; type: string | null; samples: Sample[]; text: string }> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), samples: parse(text), text };
}

describe('worker metrics over HTTP', () => {
  it('serves counters and histograms with their labels and values', async () => {
    const { metrics, url } = await started();
    metrics.jobsProcessed.inc({ queue: 'fetch', outcome: 'completed' }, 3);
    metrics.jobsProcessed.inc({ queue: 'fetch', outcome: 'retried' });
    metrics.fetchSeconds.observe({ outcome: 'ok' }, 0.2);
    metrics.fetchSeconds.observe({ outcome: 'failed' }, 31);
    metrics.extractSeconds.observe(0.008);
    metrics.failures.inc({ stage: 'fetch', reason: 'http_500' }, 2);

    const r = await scrape(url);
    expect(r.status).toBe(200);
    expect(r.type).toBe(metrics.registry.contentType);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const s = r.samples;
    expect(value(s, 'newsdesk_jobs_processed_total', { queue: 'fetch', outcome: 'completed' })).toBe(3);
    expect(value(s, 'newsdesk_jobs_processed_total', { queue: 'fetch', outcome: 'retried' })).toBe(1);
    expect(value(s, 'newsdesk_jobs_processed_total', { queue: 'fetch', outcome: 'failed' })).toBeUndefined();
    expect(value(s, 'newsdesk_fetch_duration_seconds_bucket', { outcome: 'ok', le: '0.1' })).toBe(0);
    expect(value(s, 'newsdesk_fetch_duration_seconds_bucket', { outcome: 'ok', le: '0.25' })).toBe(1);
    expect(value(s, 'newsdesk_fetch_duration_seconds_bucket', { outcome: 'failed', le: '30' })).toBe(0);
    expect(value(s, 'newsdesk_fetch_duration_seconds_bucket', { outcome: 'failed', le: '+Inf' })).toBe(1);
    expect(value(s, 'newsdesk_fetch_duration_seconds_sum', { outcome: 'ok' })).toBe(0.2);
    expect(value(s, 'newsdesk_fetch_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    const fetchBounds = s.filter((x) => x.name === 'newsdesk_fetch_duration_seconds_bucket' && x.labels.outcome === 'ok').map((x) => x.labels.le);
    expect(fetchBounds[0]).toBe('0.05');
    expect(fetchBounds.at(-2)).toBe('30');
    expect(value(s, 'newsdesk_extract_duration_seconds_bucket', { le: '0.005' })).toBe(0);
    expect(value(s, 'newsdesk_extract_duration_seconds_bucket', { le: '0.01' })).toBe(1);
    expect(value(s, 'newsdesk_extract_duration_seconds_bucket', { le: '30' })).toBe(1);
    expect(value(s, 'newsdesk_failures_total', { stage: 'fetch', reason: 'http_500' })).toBe(2);
    expect(r.text).toBe(await metrics.text());
    // process metrics only when asked for
    expect(s.some((x) => x.name.startsWith('newsdesk_process_'))).toBe(false);
  });

  it('the jobs gauge shows what the job-count callback returns at each scrape, and only that', async () => {
    const { metrics, url } = await started();
    let counts: Record<string, Record<string, number>> = { fetch: { waiting: 4, active: 1, failed: 0 }, extract: { delayed: 2 } };
    let calls = 0;
    metrics.setJobCounts(async () => {
      calls++;
      return counts;
    });
    let s = (await scrape(url)).samples;
    expect(calls).toBe(1);
    expect(value(s, 'newsdesk_jobs', { queue: 'fetch', state: 'waiting' })).toBe(4);
    expect(value(s, 'newsdesk_jobs', { queue: 'fetch', state: 'active' })).toBe(1);
    expect(value(s, 'newsdesk_jobs', { queue: 'fetch', state: 'failed' })).toBe(0);
    expect(value(s, 'newsdesk_jobs', { queue: 'extract', state: 'delayed' })).toBe(2);

    counts = { fetch: { waiting: 7 } };
    s = (await scrape(url)).samples;
    expect(calls).toBe(2);
    expect(value(s, 'newsdesk_jobs', { queue: 'fetch', state: 'waiting' })).toBe(7);
    expect(value(s, 'newsdesk_jobs', { queue: 'extract', state: 'delayed' })).toBeUndefined();
    expect(s.filter((x) => x.name === 'newsdesk_jobs')).toHaveLength(1);
  });

  it('a failing or hanging job-count callback leaves the gauge empty, logs why, and the scrape still answers', async () => {
    const out = new PassThrough();
    let logged = '';
    out.on('data', (c: Buffer) => {
      logged += c.toString();
    });
    const { metrics, url } = await started({ log: createLogger({ destination: out }), jobCountsTimeoutMs: 100 });
    metrics.failures.inc({ stage: 'store', reason: 'timeout' });
    metrics.setJobCounts(async () => ({ fetch: { waiting: 1 } }));
    expect(value((await scrape(url)).samples, 'newsdesk_jobs', { queue: 'fetch' })).toBe(1);

    metrics.setJobCounts(async () => {
      throw new Error('connect ECONNREFUSED redis://default:pw@127.0.0.1:6379');
    });
    let r = await scrape(url);
    expect(r.status).toBe(200);
    expect(value(r.samples, 'newsdesk_jobs', { queue: 'fetch' })).toBeUndefined();
    expect(value(r.samples, 'newsdesk_failures_total', { stage: 'store', reason: 'timeout' })).toBe(1);
    expect(logged).toContain('job counts unavailable');
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).not.toContain(':pw@');

    // a callback that throws before returning a promise is caught the same way
    metrics.setJobCounts((() => {
      throw new Error('not connected');
    }) as () => Promise<never>);
    expect((await scrape(url)).status).toBe(200);

    metrics.setJobCounts(() => new Promise(() => {}));
    const t0 = Date.now();
    r = await scrape(url);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(value(r.samples, 'newsdesk_failures_total', { stage: 'store', reason: 'timeout' })).toBe(1);
    expect(logged).toContain('no answer in 100 ms');
  });

  it('answers 404 off /metrics and 405 to other methods; a query string is ignored', async () => {
    const { url } = await started();
    for (const path of ['/', '/metrics/', '/metricsx', '/health']) expect((await fetch(url + path)).status, path).toBe(404);
    const post = await fetch(`${url}/metrics`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${url}/metrics?name[]=x`)).status).toBe(200);
    const head = await fetch(`${url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('two registries in one process keep their own values; the prefix names them', async () => {
    const a = await started();
    const b = await started();
    const c = createMetrics({ prefix: 'other_', collectDefault: false });
    a.metrics.jobsProcessed.inc({ queue: 'fetch', outcome: 'failed' }, 5);
    b.metrics.jobsProcessed.inc({ queue: 'fetch', outcome: 'failed' }, 1);
    c.jobsProcessed.inc({ queue: 'fetch', outcome: 'failed' }, 9);
    expect(a.server.port).not.toBe(b.server.port);
    expect(value((await scrape(a.url)).samples, 'newsdesk_jobs_processed_total', { queue: 'fetch', outcome: 'failed' })).toBe(5);
    expect(value((await scrape(b.url)).samples, 'newsdesk_jobs_processed_total', { queue: 'fetch', outcome: 'failed' })).toBe(1);
    const other = parse(await c.text());
    expect(value(other, 'other_jobs_processed_total', { queue: 'fetch', outcome: 'failed' })).toBe(9);
    expect(other.some((x) => x.name.startsWith('newsdesk_'))).toBe(false);
  });

  it('collects process metrics by default, under the prefix', async () => {
    const samples = parse(await createMetrics().text());
    // present, not necessarily past 0: prom-client counts CPU from the registry's creation, and the kernel
    // accounts it in ticks of several milliseconds, so a scrape right after may read 0 (a flaky run did)
    expect(value(samples, 'newsdesk_process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(value(samples, 'newsdesk_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('close() frees the port and can be called twice', async () => {
    const metrics = createMetrics({ collectDefault: false });
    const server = await metrics.serve(0);
    const url = `http://127.0.0.1:${server.port}/metrics`;
    expect((await fetch(url)).status).toBe(200); // leaves a keep-alive connection open
    await server.close();
    await server.close();
    await expect(fetch(url)).rejects.toThrow();
    const again = await metrics.serve(server.port);
    servers.push(again);
    expect(again.port).toBe(server.port);
    expect((await fetch(url)).status).toBe(200);
  });

  it('a port in use is an error of serve()', async () => {
    const { metrics, server } = await started();
    await expect(metrics.serve(server.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  // Linux routes all of 127/8 to loopback: a second socket on 127.0.0.2 can take the port only if the
  // first holds 127.0.0.1 alone rather than every address.
  it.runIf(process.platform === 'linux')('listens on 127.0.0.1 only unless given a host', async () => {
    const { server } = await started();
    const other = createServer();
    await new Promise<void>((resolve, reject) => {
      other.once('error', reject);
      other.listen(server.port, '127.0.0.2', resolve);
    });
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });
});
