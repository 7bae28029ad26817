// GET /jobs/{id}: where a fetch job is (waiting, active, delayed, completed, failed), and once it is done
// its extract job's state and the id of the article it stored. Polling this follows one URL to the end.
import { createRoute, z } from '@hono/zod-openapi';
import type { Job } from 'bullmq';
import type { FetchOutcome } from '../../queue/jobs.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { needQueues, withinRedis } from '../queue-access.js';
import { errors, SECURITY } from '../schemas.js';

const JobState = z.object({
  id: z.string(),
  state: z.string().describe('waiting, active, delayed, prioritized, completed, failed or unknown'),
  attempts: z.number().int(),
  failedReason: z.string().optional(),
});

export const JobAnswer = z
  .object({
    id: z.string(),
    url: z.string(),
    state: z.string(),
    attempts: z.number().int().describe('attempts made so far'),
    enqueuedAt: z.string().describe('ISO time'),
    failedReason: z.string().optional(),
    extract: JobState.optional().describe('once the page is fetched'),
    articleId: z.string().optional().describe('once the article is stored'),
  })
  .openapi('Job');

const getJob = createRoute({
  method: 'get',
  path: '/jobs/{id}',
  tags: ['queue'],
  summary: "A fetch job's state, its extract job's and the stored article's id",
  security: SECURITY,
  request: { params: z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'f-0123456789abcdef0123456789abcdef01234567' }) }) },
  responses: {
    200: { description: 'the job', content: { 'application/json': { schema: JobAnswer } } },
    ...errors(404, 503),
  },
});

const stateOf = async (job: Job): Promise<z.infer<typeof JobState>> => ({
  id: job.id as string,
  state: await job.getState(),
  attempts: job.attemptsMade,
  ...(job.failedReason ? { failedReason: job.failedReason } : {}),
});

export function jobRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(getJob, async (c) => {
    const { id } = c.req.valid('param');
    const queues = needQueues(deps, 'jobs');
    const answer = await withinRedis(
      deps,
      (async () => {
        const fetch = await queues.fetch.getJob(id);
        if (!fetch) return null;
        const own = await stateOf(fetch);
        const out: z.infer<typeof JobAnswer> = { ...own, url: fetch.data.url, enqueuedAt: new Date(fetch.data.enqueuedAt).toISOString() };
        const done = own.state === 'completed' ? (fetch.returnvalue as FetchOutcome | null) : null;
        if (!done?.extractJobId) return out;
        const extract = await queues.extract.getJob(done.extractJobId);
        if (!extract) return { ...out, extract: { id: done.extractJobId, state: 'unknown', attempts: 0, failedReason: 'the extract job is gone from the queue (removed or expired)' } };
        out.extract = await stateOf(extract);
        const stored = out.extract.state === 'completed' ? (extract.returnvalue as { id?: string } | null) : null;
        if (stored?.id) out.articleId = stored.id;
        return out;
      })(),
    );
    if (!answer) throw notFound('job', id);
    return c.json(answer, 200);
  });
}
