// Following a batch of fetch jobs to the end (enqueue --wait): a fetch job ends in its extract job, whose
// end is the article's. Polling Redis, not listening to events, so a Redis restart meanwhile is no matter.
import type { Job } from 'bullmq';
import type { Queues } from './connection.js';
import type { FetchOutcome } from './jobs.js';

export interface BatchProgress {
  total: number;
  done: number;
  stored: number;
  failed: number;
}

export interface BatchFailure {
  jobId: string;
  input: string;
  reason: string;
}

export interface BatchResult extends BatchProgress {
  failures: BatchFailure[];
}

type Outcome = { end: 'stored' } | { end: 'failed'; input: string; reason: string } | null;

async function outcomeOf(queues: Queues, fetchId: string): Promise<Outcome> {
  const fetch = await queues.fetch.getJob(fetchId);
  if (!fetch) return { end: 'failed', input: fetchId, reason: 'the job is gone from the queue (removed or expired)' };
  const ended = await endOf(fetch);
  if (ended !== 'completed') return ended === 'failed' ? { end: 'failed', input: fetch.data.url, reason: fetch.failedReason } : null;
  const { extractJobId } = fetch.returnvalue as FetchOutcome;
  const extract = await queues.extract.getJob(extractJobId);
  // the fetch job adds it before it completes: missing now, it was removed or evicted (reprocess adds
  // extract jobs of its own, which can push old ones out) and waiting for it would never end
  if (!extract) return { end: 'failed', input: fetch.data.url, reason: 'its extract job is gone from the queue (removed or expired)' };
  const x = await endOf(extract);
  if (x === 'completed') return { end: 'stored' };
  return x === 'failed' ? { end: 'failed', input: fetch.data.url, reason: extract.failedReason } : null;
}

async function endOf(job: Job): Promise<'completed' | 'failed' | null> {
  const state = await job.getState();
  if (state === 'completed') return 'completed';
  // a failed job that will be retried is 'delayed' or 'waiting', not 'failed'
  if (state === 'failed') return 'failed';
  return null;
}

export async function waitForBatch(queues: Queues, jobIds: string[], onProgress?: (p: BatchProgress) => void, pollMs = 500): Promise<BatchResult> {
  const pending = new Set(jobIds);
  const result: BatchResult = { total: jobIds.length, done: 0, stored: 0, failed: 0, failures: [] };
  onProgress?.(result);
  while (pending.size) {
    for (const id of [...pending]) {
      const o = await outcomeOf(queues, id).catch(() => null); // Redis away for a moment: look again later
      if (!o) continue;
      pending.delete(id);
      result.done++;
      if (o.end === 'stored') result.stored++;
      else {
        result.failed++;
        result.failures.push({ jobId: id, input: o.input, reason: o.reason });
      }
    }
    onProgress?.(result);
    if (pending.size) await new Promise((r) => setTimeout(r, pollMs));
  }
  return result;
}
