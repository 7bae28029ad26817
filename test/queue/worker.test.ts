// The queue worker end to end, in this process: real Redis, real PostgreSQL (a schema per test), real HTTP
// servers on 127.0.0.1 with the faults the web has. A batch goes in with enqueueUrls and is followed with
// waitForBatch; what each URL should become is decided here from what its route serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { sha256 } from '../../src/hash.js';
import { waitForBatch } from '../../src/queue/batch.js';
import { enqueueUrls } from '../../src/queue/enqueue.js';
import { extractJobId, type FetchOutcome, fetchJobId } from '../../src/queue/jobs.js';
import { openQueueEnv, type QueueEnv } from '../helpers/queue.js';
import { page, type Route, robots, startServer, type TestServer } from '../helpers/server.js';

const FIXTURES = ['boilerplate-heavy.html', 'company-said-anaphora.html', 'date-from-url.html', 'two-sentence-attribution.html'];
const TIMEOUT_MS = 1500;
const MAX_BYTES = 100_000;

const fixture = (name: string): Route => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES_DIR, name)));
};
const article = (title: string, sentence: string): string => page(title, [sentence, `${sentence} Officials said the work would continue next week.`]);

/** A route that answers `first` to its first request and the article after; logs when each request came. */
function firstThen(first: Route, title: string, times: number[]): Route {
  return (req, res) => {
    times.push(Date.now());
    if (times.length === 1) return first(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article(title, `${title} was reported on Tuesday by the city council.`));
  };
}

const redirect = (to: string): Route => (_req, res) => {
  res.writeHead(302, { location: to }).end();
};
const status = (code: number): Route => (_req, res) => {
  res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`);
};

let env: QueueEnv;
const servers: TestServer[] = [];
beforeEach(async () => {
  env = await openQueueEnv();
});
afterEach(async () => {
  await env.cleanup();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(routes: Record<string, Route>): Promise<TestServer> {
  const s = await startServer(routes);
  servers.push(s);
  return s;
}

const requestsTo = (server: TestServer, path: string) => server.log.filter((l) => l.split('?')[0] === `GET ${path}`).length;

describe('a batch with every kind of failure', () => {
  it('stores each good article once, records each bad one once with its reason, retries only the transient ones', async () => {
    const times500: number[] = [];
    const times429: number[] = [];
    const site = await serve({
      '/robots.txt': robots('User-agent: *', 'Disallow: /private/'),
      ...Object.fromEntries(FIXTURES.map((f) => [`/articles/${f}`, fixture(f)])),
      '/flaky': firstThen(status(500), 'Harbour dredging resumes', times500),
      '/busy': firstThen(
        (_req, res) => {
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
        },
        'Tram depot reopens',
        times429,
      ),
      '/hop/1': redirect('/hop/2'),
      '/hop/2': redirect('/hop/3'),
      '/hop/3': redirect('/landing'),
      '/landing': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article('Ferry timetable changes', 'The ferry timetable changes on Monday, the operator said.'));
      },
      '/loop/a': redirect('/loop/b'),
      '/loop/b': redirect('/loop/a'),
      '/missing': status(404),
      '/removed': status(410),
      '/huge': (_req, res) => {
        // no Content-Length: the limit has to be kept while reading
        res.writeHead(200, { 'content-type': 'text/html' });
        const para = `<p>${'Lorem ipsum dolor sit amet. '.repeat(100)}</p>`;
        for (let sent = 0; sent < 3 * MAX_BYTES; sent += para.length) res.write(para);
        res.end();
      },
      '/binary': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 7, 8, 0]));
      },
      '/odd-charset': (_req, res) => {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=x-no-such-charset' })
          .end(Buffer.from(article('Grüße aus Zürich', 'Die Bürgermeisterin von Zürich eröffnete am Montag die neue Brücke.'), 'utf8'));
      },
      '/private/memo': fixture('date-from-url.html'),
    });
    // on a host of its own, so its time-outs do not hold up the other host's turn
    const slowSite = await serve({
      '/slow': (_req, res) => {
        const t = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(article('Late', 'Too late.')), TIMEOUT_MS * 2);
        res.on('close', () => clearTimeout(t));
      },
    });
    const u = (path: string) => `${site.url}${path}`;
    const good = [...FIXTURES.map((f) => u(`/articles/${f}`)), u('/flaky'), u('/busy'), u('/hop/1'), u('/odd-charset')];
    const bad: Record<string, { reason: string; attempts: number }> = {
      [`${slowSite.url}/slow`]: { reason: 'timeout', attempts: 6 },
      [u('/loop/a')]: { reason: 'too-many-redirects', attempts: 1 },
      [u('/missing')]: { reason: 'http-status', attempts: 1 },
      [u('/removed')]: { reason: 'http-status', attempts: 1 },
      [u('/huge')]: { reason: 'too-large', attempts: 1 },
      [u('/binary')]: { reason: 'binary-content', attempts: 1 },
      [u('/private/memo')]: { reason: 'robots-disallowed', attempts: 1 },
    };

    env.worker({ fetch: { totalTimeoutMs: TIMEOUT_MS, headersTimeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES } });
    const { jobs } = await enqueueUrls(env.queues, [...good, ...Object.keys(bad)]);
    expect(jobs.every((j) => j.added)).toBe(true);
    const result = await waitForBatch(
      env.queues,
      jobs.map((j) => j.jobId),
      undefined,
      100,
    );

    expect({ total: result.total, stored: result.stored, failed: result.failed }).toEqual({ total: good.length + Object.keys(bad).length, stored: good.length, failed: Object.keys(bad).length });
    expect(result.failures.map((f) => f.input).sort()).toEqual(Object.keys(bad).sort());

    // every good article once: one record each, one input row each
    const inputs = await env.sql<{ input: string; article_id: string }>('SELECT input, article_id FROM article_inputs ORDER BY input');
    expect(inputs.map((r) => r.input)).toEqual([...good].sort());
    expect(new Set(inputs.map((r) => r.article_id)).size).toBe(good.length);
    expect(Number((await env.sql<{ n: string }>('SELECT count(*) AS n FROM articles'))[0]?.n)).toBe(good.length);

    // the redirect chain is stored under the URL asked for, its record at the page it landed on
    const hop = await env.sql<{ final_url: string; status: number }>('SELECT final_url, status FROM input_documents WHERE input = $1', [u('/hop/1')]);
    expect(hop).toEqual([{ final_url: u('/landing'), status: 200 }]);
    expect((await env.store.getRecord(u('/hop/1')))?.title).toBe('Ferry timetable changes');
    expect(requestsTo(site, '/landing')).toBe(1);

    // an unknown charset label: read as UTF-8, and the document says so
    const odd = await env.sql<{ charset: string; note: string | null; body: string }>(
      'SELECT d.charset, d.note, d.body FROM documents d JOIN input_documents i ON i.document_hash = d.content_hash WHERE i.input = $1',
      [u('/odd-charset')],
    );
    expect(odd[0]?.charset).toBe('utf-8');
    expect(odd[0]?.note).toContain('x-no-such-charset');
    expect((await env.store.getRecord(u('/odd-charset')))?.text).toContain('Die Bürgermeisterin von Zürich');

    // one failure row per bad input, with its reason and its attempts; nothing open for the good ones
    const open = await env.store.failures();
    expect(Object.fromEntries(open.map((f) => [f.input, { reason: f.reason, attempts: f.attempts }]))).toEqual(bad);
    expect(open.every((f) => f.stage === 'fetch')).toBe(true);
    expect(open.length).toBe(Object.keys(bad).length);
    expect(open.find((f) => f.reason === 'timeout')?.retryable).toBe(true);

    // the transient ones failed once, were retried, and their rows are resolved
    const all = await env.store.failures({ includeResolved: true });
    const resolved = all.filter((f) => f.resolvedAt !== null);
    expect(resolved.map((f) => [f.input, f.reason, f.attempts]).sort()).toEqual([
      [u('/busy'), 'http-status', 1],
      [u('/flaky'), 'http-status', 1],
    ]);
    expect(times500.length).toBe(2);
    expect(times429.length).toBe(2);
    // Retry-After: 1 is kept: the second request comes at least a second after the first
    expect((times429[1] as number) - (times429[0] as number)).toBeGreaterThanOrEqual(1000);

    // permanent failures fail at once; the time-out used every try; good articles have no failed job
    for (const [url, want] of Object.entries(bad)) {
      const job = await env.queues.fetch.getJob(fetchJobId(url));
      expect(await job?.getState(), url).toBe('failed');
      expect(job?.attemptsMade, url).toBe(want.attempts);
      expect(job?.failedReason, url).toContain(want.reason);
    }
    expect(requestsTo(slowSite, '/slow')).toBe(6);
    for (const path of ['/missing', '/removed', '/huge', '/binary']) expect(requestsTo(site, path), path).toBe(1);
    // the loop is followed for the 5 redirects allowed, once: a b a b a b
    expect(requestsTo(site, '/loop/a') + requestsTo(site, '/loop/b')).toBe(6);
    expect(requestsTo(site, '/private/memo')).toBe(0);
    const failedJobs = await env.queues.fetch.getFailed();
    expect(failedJobs.map((j) => j.id).sort()).toEqual(Object.keys(bad).map(fetchJobId).sort());
    expect(await env.queues.extract.getFailed()).toEqual([]);
    for (const url of good) {
      const job = await env.queues.fetch.getJob(fetchJobId(url));
      expect(await job?.getState(), url).toBe('completed');
      // the transient ones took a second try, the rest one
      expect(job?.attemptsMade, url).toBe(url === u('/flaky') || url === u('/busy') ? 2 : 1);
    }
  });
});

describe('one job per article', () => {
  it('fetches a URL once however often and in whatever dress it is enqueued, and again on refetch', async () => {
    const site = await serve({
      '/story': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(article('Bridge reopens', 'The bridge reopened on Friday after repairs, the mayor said.'));
      },
    });
    const url = `${site.url}/story`;
    env.worker();
    const first = await enqueueUrls(env.queues, [url, url, `${url}#comments`, `${url}?utm_source=feed&utm_medium=rss`]);
    // an enqueue racing the first: the job it finds stands for the URL
    const second = await enqueueUrls(env.queues, [`${url}?utm_campaign=x`]);
    expect(first.jobs).toEqual([{ url, jobId: fetchJobId(url), added: true }]);
    expect(second.jobs).toEqual([{ url, jobId: fetchJobId(url), added: false }]);
    expect((await waitForBatch(env.queues, [fetchJobId(url)], undefined, 100)).stored).toBe(1);

    // done already: enqueued again, it is not fetched again
    const again = await enqueueUrls(env.queues, [url]);
    expect(again.jobs[0]?.added).toBe(false);
    expect((await waitForBatch(env.queues, [fetchJobId(url)], undefined, 100)).stored).toBe(1);
    expect(requestsTo(site, '/story')).toBe(1);

    // refetch: the same job id, fetched a second time, still one record
    const re = await enqueueUrls(env.queues, [url], { refetch: true });
    expect(re.jobs).toEqual([{ url, jobId: fetchJobId(url), added: true }]);
    expect((await waitForBatch(env.queues, [fetchJobId(url)], undefined, 100)).stored).toBe(1);
    expect(requestsTo(site, '/story')).toBe(2);
    expect((await env.sql('SELECT id FROM articles')).length).toBe(1);

    // a query is kept as written (%20 stays %20, a bare flag stays bare) with or without tracking parameters
    const q = `${url}?section=local%20news&print`;
    const dressed = await enqueueUrls(env.queues, [q, `${q}&utm_source=x`, `${url}?utm_campaign=y&section=local%20news&print#top`]);
    expect(dressed.jobs).toEqual([{ url: q, jobId: fetchJobId(q), added: true }]);
    expect((await waitForBatch(env.queues, [fetchJobId(q)], undefined, 100)).stored).toBe(1);
    expect(site.log.filter((l) => l.startsWith('GET /story?'))).toEqual(['GET /story?section=local%20news&print']);
  });

  it('names extract jobs by document hash: two URLs with the same bytes are one document and two records', async () => {
    const body = article('Harbour fees rise', 'Harbour fees rise by four percent from April, the port authority said.');
    const same: Route = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    };
    const site = await serve({ '/a/fees': same, '/b/fees': same });
    const urls = [`${site.url}/a/fees`, `${site.url}/b/fees`];
    env.worker();
    const { jobs } = await enqueueUrls(env.queues, urls);
    expect((await waitForBatch(env.queues, jobs.map((j) => j.jobId), undefined, 100)).stored).toBe(2);

    const hash = sha256(body);
    const docs = await env.sql<{ content_hash: string }>('SELECT content_hash FROM documents');
    expect(docs).toEqual([{ content_hash: hash }]);
    const records = await env.sql<{ url: string; document_hash: string }>('SELECT url, document_hash FROM articles ORDER BY url');
    expect(records).toEqual(urls.map((url) => ({ url, document_hash: hash })));
    const extractIds: string[] = [];
    for (const url of urls) {
      const fetch = await env.queues.fetch.getJob(fetchJobId(url));
      const out = fetch?.returnvalue as FetchOutcome;
      expect(out.documentHash).toBe(hash);
      expect(out.extractJobId).toBe(extractJobId(hash, url));
      expect(await (await env.queues.extract.getJob(out.extractJobId))?.getState()).toBe('completed');
      extractIds.push(out.extractJobId);
    }
    expect(extractIds.every((id) => id.startsWith(`x-${hash.slice(0, 40)}-`))).toBe(true);
    expect(new Set(extractIds).size).toBe(2);

    // an extract job gone from the queue (evicted): following the batch ends, saying so, instead of waiting forever
    await env.queues.extract.remove(extractIds[0] as string);
    const gone = await waitForBatch(env.queues, [fetchJobId(urls[0] as string)], undefined, 100);
    expect(gone).toMatchObject({ total: 1, done: 1, stored: 0, failed: 1 });
    expect(gone.failures[0]?.reason).toMatch(/extract job is gone/);
  });
});
