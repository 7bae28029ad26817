// POST /urls: article URLs to fetch, one or many. With the queue side they become fetch jobs (202, each
// with its job id to follow at /jobs/{id}); without it they are fetched, extracted and stored here, by the
// same processors as `newsdesk ingest` (200, each with its record id or its failure's reason).
import { createRoute, z } from '@hono/zod-openapi';
import { checkUrl } from '../../ingest/guard.js';
import { runInline } from '../../ingest/runner.js';
import { enqueueUrls } from '../../queue/enqueue.js';
import { canonicalUrl } from '../../queue/jobs.js';
import { stripCredentials } from '../../url.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { failureFields } from '../errors.js';
import { withinRedis } from '../queue-access.js';
import { errors, SECURITY } from '../schemas.js';

export const MAX_URLS = 100;

const Url = z.string().min(1, 'expected a URL').max(8192, 'a URL of at most 8,192 characters');

export const UrlsBody = z
  .object({
    url: Url.optional().openapi({ example: 'https://example.com/news/2026/11/story' }),
    urls: z.array(Url).min(1, 'expected at least one URL').max(MAX_URLS, `at most ${MAX_URLS} URLs a request`).optional(),
    refetch: z.boolean().optional().openapi({ description: 'queued: fetch again URLs queued or fetched in the last week' }),
  })
  .refine((b) => (b.url === undefined) !== (b.urls === undefined), { message: 'give url (one URL) or urls (a list), one of them', path: ['urls'] })
  .openapi('UrlsRequest');

const Stored = z.object({ url: z.string(), outcome: z.literal('stored'), id: z.string(), title: z.string().nullable(), claims: z.number().int(), note: z.string().optional() });
const Failed = z.object({
  url: z.string(),
  outcome: z.literal('failed'),
  stage: z.string(),
  reason: z.string(),
  detail: z.string(),
  retryable: z.boolean(),
  httpStatus: z.number().int().optional(),
});
const Queued = z.object({ url: z.string(), outcome: z.enum(['queued', 'already-queued']), jobId: z.string(), job: z.string().describe('where to follow it') });
const Refused = z.object({ url: z.string(), outcome: z.literal('refused'), reason: z.string(), detail: z.string() });

export const UrlOutcome = z.discriminatedUnion('outcome', [Stored, Failed, Queued, Refused]).openapi('UrlOutcome');
type UrlOutcome = z.infer<typeof UrlOutcome>;

const Answer = z
  .object({
    mode: z.enum(['inline', 'queued']),
    batch: z.string().optional().describe('queued: the enqueue batch'),
    results: z.array(UrlOutcome).describe('one per URL given, in order'),
  })
  .openapi('UrlsAnswer');

const postUrls = createRoute({
  method: 'post',
  path: '/urls',
  tags: ['urls'],
  summary: 'Fetch article URLs: queued for the workers with Redis, else fetched, extracted and stored here',
  security: SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: UrlsBody } } } },
  responses: {
    200: { description: 'processed here: what happened to each URL', content: { 'application/json': { schema: Answer } } },
    202: { description: 'queued: the job of each URL', content: { 'application/json': { schema: Answer } } },
    ...errors(400, 413, 503),
  },
});

async function queued(deps: ApiDeps, urls: string[], refetch: boolean): Promise<{ batch: string; results: UrlOutcome[] }> {
  const results: (UrlOutcome | null)[] = [];
  const good: string[] = [];
  for (const url of urls) {
    // the syntax and the scheme only: addresses are the fetcher's to check when the job runs
    const checked = await checkUrl(url, { allowPrivateHosts: true });
    if (checked instanceof URL) {
      good.push(url);
      results.push(null);
    } else results.push({ url: stripCredentials(url), outcome: 'refused', reason: checked.reason, detail: checked.detail });
  }
  const { batch, jobs } = await withinRedis(deps, enqueueUrls(deps.queues as NonNullable<ApiDeps['queues']>, good, { refetch }));
  // enqueueUrls answers once per distinct canonical URL: a repeat in the request gets the same job
  const byUrl = new Map(jobs.map((j) => [j.url, j]));
  let g = 0;
  const filled = results.map((r) => {
    if (r) return r;
    const url = good[g++] as string;
    const job = byUrl.get(canonicalUrl(url));
    if (!job) throw new Error(`no job came back for ${stripCredentials(url)}`);
    return { url: job.url, outcome: job.added ? 'queued' : 'already-queued', jobId: job.jobId, job: `/jobs/${job.jobId}` } as const;
  });
  return { batch, results: filled };
}

async function inline(deps: ApiDeps, urls: string[]): Promise<UrlOutcome[]> {
  const summary = await runInline(
    urls.map((input) => ({ kind: 'url' as const, input })),
    { store: deps.store, fetcher: deps.fetcher, extractor: deps.extractor },
    { concurrency: deps.concurrency },
  );
  return summary.results.map((r) =>
    r.ok
      ? { url: r.input, outcome: 'stored', id: r.id, title: r.title, claims: r.claims, ...(r.note ? { note: r.note } : {}) }
      : { url: r.input, outcome: 'failed', stage: r.stage, ...failureFields(r) },
  );
}

export function urlRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(postUrls, async (c) => {
    const body = c.req.valid('json');
    const urls = body.urls ?? [body.url as string];
    if (deps.queues) {
      const { batch, results } = await queued(deps, urls, body.refetch ?? false);
      deps.logger.info({ batch, urls: urls.length, queued: results.filter((r) => r.outcome === 'queued').length }, 'urls queued');
      return c.json({ mode: 'queued' as const, batch, results }, 202);
    }
    const results = await inline(deps, urls);
    deps.logger.info({ urls: urls.length, stored: results.filter((r) => r.outcome === 'stored').length }, 'urls processed inline');
    return c.json({ mode: 'inline' as const, results }, 200);
  });
}
