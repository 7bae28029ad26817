// Claims as CSV rows for analysts' spreadsheets, shared by the CLI's export and the API. A cell that a
// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return: text from any web
// page can) is written as text.
import type { ArticleRecord } from './record.js';

export const CLAIM_CSV_COLUMNS = ['article_id', 'url', 'title', 'published_at', 'claim_id', 'kind', 'speaker', 'speaker_entity_id', 'cue', 'content', 'target', 'stance', 'confidence'] as const;

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function claimRows(r: ArticleRecord): unknown[][] {
  return r.claims.map((c) => [r.id, r.url, r.title, r.publishedAt, c.id, c.kind, c.speaker?.name ?? c.speaker?.text ?? null, c.speaker?.entityId ?? null, c.cue.text, c.content.text, c.target?.name ?? c.target?.text ?? null, c.stance, c.confidence]);
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\n`;
