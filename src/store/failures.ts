// Failures: one row per input and stage. A rerun that fails again counts an attempt and keeps the latest
// reason; a later success marks the row resolved, so the table is the list of what is still broken.
import { stripCredentials } from '../url.js';
import type { Queryable } from './driver.js';

export const FAILURE_STAGES = ['input', 'fetch', 'extract', 'store'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

export interface Failure {
  input: string;
  stage: FailureStage;
  reason: string;
  detail?: string | null;
  retryable?: boolean;
}

export interface FailureRow extends Required<Failure> {
  id: number;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
}

export interface FailureFilter {
  /** Resolved rows too. @defaultValue false */
  includeResolved?: boolean;
  reason?: string;
  stage?: FailureStage;
  /** @defaultValue 1000 */
  limit?: number;
}

export async function recordFailure(db: Queryable, f: Failure): Promise<void> {
  await db.query(
    `INSERT INTO failures (input, stage, reason, detail, retryable) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (input, stage) DO UPDATE SET reason = EXCLUDED.reason, detail = EXCLUDED.detail, retryable = EXCLUDED.retryable,
       attempts = failures.attempts + 1, last_seen = now(), resolved_at = NULL`,
    [stripCredentials(f.input), f.stage, f.reason, f.detail == null ? null : stripCredentials(f.detail), f.retryable ?? false],
  );
}

/** Marks the open failures of an input resolved (of the given stages, or all). */
export async function resolveFailures(db: Queryable, input: string, stages: readonly FailureStage[] = FAILURE_STAGES): Promise<void> {
  await db.query('UPDATE failures SET resolved_at = now() WHERE input = $1 AND stage = ANY($2::text[]) AND resolved_at IS NULL', [stripCredentials(input), [...stages]]);
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** The failures, the most recent first. */
export async function listFailures(db: Queryable, filter: FailureFilter = {}): Promise<FailureRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeResolved) where.push('resolved_at IS NULL');
  if (filter.reason) where.push(`reason = $${params.push(filter.reason)}`);
  if (filter.stage) where.push(`stage = $${params.push(filter.stage)}`);
  const limit = `$${params.push(filter.limit ?? 1000)}`;
  const { rows } = await db.query<{
    id: string;
    input: string;
    stage: FailureStage;
    reason: string;
    detail: string | null;
    retryable: boolean;
    attempts: number;
    first_seen: Date | string;
    last_seen: Date | string;
    resolved_at: Date | string | null;
  }>(
    `SELECT id, input, stage, reason, detail, retryable, attempts, first_seen, last_seen, resolved_at FROM failures
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen DESC, id DESC LIMIT ${limit}`,
    params,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    input: r.input,
    stage: r.stage,
    reason: r.reason,
    detail: r.detail,
    retryable: r.retryable,
    attempts: Number(r.attempts),
    firstSeen: iso(r.first_seen) as string,
    lastSeen: iso(r.last_seen) as string,
    resolvedAt: iso(r.resolved_at),
  }));
}
