// The change feed: every stored, re-extracted or reviewed record gets the next number of one sequence, in
// the transaction that made the change, so an app that reads on from its last cursor sees each change once,
// in order, across restarts of either side. Also the one place cursors are encoded and decoded.
import { z } from 'zod';
import type { Queryable } from './driver.js';

export const ChangeKind = z.enum(['stored', 'reextracted', 'reviewed']);
export type ChangeKind = z.output<typeof ChangeKind>;

export const Change = z.object({ seq: z.number().int().positive(), articleId: z.string(), kind: ChangeKind, at: z.string().describe('ISO datetime') });
export type Change = z.output<typeof Change>;

export interface ChangePage {
  changes: Change[];
  /** Where to read on from: the last change's cursor, or the one given when there was nothing new (null
   * when nothing was ever read). Pass it back as `after`. */
  next: string | null;
}

/** A cursor that is not one of ours (or is of another list): the caller's mistake, not the store's. */
export class InvalidCursorError extends Error {
  constructor(readonly cursor: string, why: string) {
    super(`invalid cursor ${JSON.stringify(cursor.slice(0, 80))}: ${why}`);
    this.name = 'InvalidCursorError';
  }
}

/** Cursors are opaque to clients: base64url of the list's name and the last key it gave. */
export function encodeCursor(list: string, key: string): string {
  return Buffer.from(`${list}:${key}`, 'utf8').toString('base64url');
}

/** The key in a cursor of the given list; throws InvalidCursorError for anything else. */
export function decodeCursor(list: string, cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw new InvalidCursorError(cursor, 'not base64url');
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(`${list}:`) || text.length === list.length + 1) throw new InvalidCursorError(cursor, `not a cursor of ${list}`);
  return text.slice(list.length + 1);
}

const CHANGES = 'changes';
const MAX_SEQ_DIGITS = 18; // below 2^63: a bigint that JavaScript numbers hold exactly up to 2^53

export const changeCursor = (seq: number): string => encodeCursor(CHANGES, String(seq));

function cursorSeq(cursor: string): number {
  const key = decodeCursor(CHANGES, cursor);
  if (!new RegExp(`^\\d{1,${MAX_SEQ_DIGITS}}$`).test(key) || !Number.isSafeInteger(Number(key))) throw new InvalidCursorError(cursor, 'not a change number');
  return Number(key);
}

// the advisory lock's key: any number no other lock of ours uses (migrations take 7051)
const CHANGE_LOCK = 7052;

/** Records a change in the caller's transaction; returns its number. Call it last in the transaction: the
 * lock it takes is held to the commit. */
export async function recordChange(tx: Queryable, articleId: string, kind: ChangeKind): Promise<number> {
  // Sequence numbers are handed out at once but committed whenever their transactions end: without the
  // lock, seq 8 could commit before seq 7, a reader would see 8, move its cursor past 7, and never see 7.
  // Holding a transaction-level lock from just before nextval to the commit makes the changes commit in
  // seq order, so once a reader sees n every smaller number is committed or rolled back for good (a gap).
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
  const { rows } = await tx.query<{ seq: string }>(`INSERT INTO changes (seq, article_id, kind) VALUES (nextval('change_seq'), $1, $2) RETURNING seq`, [articleId, kind]);
  return Number(rows[0]?.seq);
}

/** The changes after a cursor (null: from the first), oldest first, at most `limit` (1–1000). */
export async function changesAfter(db: Queryable, after: string | null, limit = 100): Promise<ChangePage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be an integer from 1 to 1000, not ${limit}`);
  const from = after === null ? 0 : cursorSeq(after);
  const { rows } = await db.query<{ seq: string; article_id: string; kind: ChangeKind; at: Date | string }>(
    'SELECT seq, article_id, kind, at FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2',
    [from, limit],
  );
  const changes = rows.map((r) => ({ seq: Number(r.seq), articleId: r.article_id, kind: r.kind, at: new Date(r.at).toISOString() }));
  const last = changes.at(-1);
  return { changes, next: last ? changeCursor(last.seq) : after };
}
