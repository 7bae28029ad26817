// Adding work: article URLs become fetch jobs with ids from their canonical URL, so a URL already queued
// or fetched (its job kept a week) is not fetched again unless the operator asks (refetch).
import { randomUUID } from 'node:crypto';
import type { Queues } from './connection.js';
import { KEEP } from './connection.js';
import { canonicalUrl, type ExtractJob, extractJobId, fetchJobId } from './jobs.js';
import { RETRY } from './retry.js';

export interface EnqueueOptions {
  /** Fetch again even when the URL has a job already (one running now is left alone). */
  refetch?: boolean;
  /** Names the batch (enqueue --wait follows it). @defaultValue a new id */
  batch?: string;
  /** The feed the URLs were found in. */
  feed?: string;
}

export interface Enqueued {
  url: string;
  jobId: string;
  /** False when the URL already had a job (queued, running or done) and that job stands for it. */
  added: boolean;
}

export async function enqueueUrls(queues: Queues, urls: string[], opts: EnqueueOptions = {}): Promise<{ batch: string; jobs: Enqueued[] }> {
  const batch = opts.batch ?? randomUUID();
  const jobs: Enqueued[] = [];
  const seen = new Set<string>();
  for (const raw of urls) {
    const url = canonicalUrl(raw);
    let jobId = fetchJobId(url);
    if (seen.has(jobId)) continue;
    seen.add(jobId);
    const existing = await queues.fetch.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (!opts.refetch || state === 'active' || state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        jobs.push({ url, jobId, added: false });
        continue;
      }
      // a finished job: removed, so the same id can be added again (it stays the one job of this URL)
      try {
        await existing.remove();
      } catch {
        jobId = `${jobId}-${Date.now().toString(36)}`; // taken by a worker meanwhile: a new id
      }
    }
    const data = { url, batch, enqueuedAt: Date.now(), ...(opts.feed ? { feed: opts.feed } : {}) };
    const job = await queues.fetch.add('fetch', data, { jobId, ...RETRY, ...KEEP });
    // BullMQ returns the existing job when the id is taken (another enqueue won the race)
    jobs.push({ url, jobId, added: job.data.batch === batch && job.data.enqueuedAt === data.enqueuedAt });
  }
  return { batch, jobs };
}

/** An extract job for a stored document of an input; its id (from the document hash and the input, so a
 * fetch job run twice adds it once). `rerun` names a re-extraction (reprocess, retry-failed): the first
 * job of that id is done and would swallow an add under it. */
export async function enqueueExtract(queues: Queues, data: ExtractJob, rerun?: string): Promise<string> {
  const id = `${extractJobId(data.documentHash, data.input)}${rerun ? `-r${rerun}` : ''}`;
  await queues.extract.add('extract', data, { jobId: id, ...RETRY, ...KEEP });
  return id;
}

/** The URLs of a feed never enqueued from a feed before (remembered 90 days), canonical, in feed order.
 * They are marked seen only after they are enqueued (`markSeen`), so a poll cut short loses none. */
export async function unseenUrls(queues: Queues, urls: string[]): Promise<string[]> {
  const canonical = [...new Set(urls.map(canonicalUrl))];
  if (!canonical.length) return [];
  const scores = await queues.redis.zmscore(queues.key('seen-urls'), ...canonical.map(fetchJobId));
  return canonical.filter((_, i) => scores[i] === null);
}

export async function markSeen(queues: Queues, urls: string[], now = Date.now()): Promise<void> {
  const key = queues.key('seen-urls');
  if (urls.length) await queues.redis.zadd(key, ...urls.flatMap((u) => [now, fetchJobId(u)]));
  await queues.redis.zremrangebyscore(key, 0, now - 90 * 24 * 3600_000);
}
