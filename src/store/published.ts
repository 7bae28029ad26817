// "Published since / until" over articles.published_at (text holding an ISO date or datetime with the page's
// own offset), the one reading of it that article and claim listings share.

/** Published at or after `since`, at or before `until` (a date alone includes that whole day). */
export interface PublishedRange {
  since?: string | undefined;
  until?: string | undefined;
}

const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

/** The conditions on `${column}` for the range, their values pushed to `params`. Articles with no
 * publication time match no since/until. */
export function publishedConditions(column: string, range: PublishedRange, params: unknown[]): string[] {
  const where: string[] = [];
  if (range.since !== undefined) where.push(`${column}::timestamptz >= $${params.push(range.since)}::timestamptz`);
  if (range.until !== undefined) {
    const p = `$${params.push(range.until)}`;
    where.push(DATE_ONLY.test(range.until) ? `${column}::timestamptz < (${p}::date + 1)::timestamptz` : `${column}::timestamptz <= ${p}::timestamptz`);
  }
  return where;
}
