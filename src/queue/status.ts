// What the queues are doing: jobs per queue and state, completions and failures per minute (BullMQ's
// metrics, kept by the workers), and the latest failures with their reasons (the store's table).
import type { FailureRow, Store } from '../store/index.js';
import { QUEUE_NAMES, type QueueName, type Queues } from './connection.js';

export interface QueueStatus {
  counts: Record<string, number>;
  /** Jobs finished per minute, over the last five minutes. */
  completedPerMinute: number;
  failedPerMinute: number;
}

export interface Status {
  at: string;
  queues: Record<QueueName, QueueStatus>;
  failures: FailureRow[];
}

const STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'] as const;

async function perMinute(queues: Queues, name: QueueName, type: 'completed' | 'failed'): Promise<number> {
  const m = await queues[name].getMetrics(type, 0, 4);
  const points = m.data.slice(0, 5);
  return points.length ? Math.round((points.reduce((a, b) => a + b, 0) / points.length) * 10) / 10 : 0;
}

export async function queueStatus(queues: Queues, store: Store | null, failures = 10): Promise<Status> {
  const entries = await Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const counts = await queues[name].getJobCounts(...STATES);
      return [name, { counts, completedPerMinute: await perMinute(queues, name, 'completed'), failedPerMinute: await perMinute(queues, name, 'failed') }] as const;
    }),
  );
  return { at: new Date().toISOString(), queues: Object.fromEntries(entries) as Record<QueueName, QueueStatus>, failures: store ? await store.failures({ limit: failures }) : [] };
}

/** The status as a few lines of text for a terminal. */
export function formatStatus(s: Status): string {
  const lines = [`newsdesk status at ${s.at}`, `${'queue'.padEnd(8)} ${STATES.map((st) => st.padStart(11)).join(' ')}  done/min  failed/min`];
  for (const [name, q] of Object.entries(s.queues)) {
    lines.push(`${name.padEnd(8)} ${STATES.map((st) => String(q.counts[st] ?? 0).padStart(11)).join(' ')}  ${String(q.completedPerMinute).padStart(8)}  ${String(q.failedPerMinute).padStart(10)}`);
  }
  if (s.failures.length) {
    lines.push('', 'latest failures:');
    for (const f of s.failures) lines.push(`  ${f.lastSeen}  ${f.stage}/${f.reason}  ${f.input}  (${f.attempts} attempt${f.attempts === 1 ? '' : 's'})${f.detail ? `: ${f.detail}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
