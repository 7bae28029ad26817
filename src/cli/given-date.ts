// A publication date the caller gives (--published, "publishedAt"): a real calendar date, YYYY-MM-DD or
// ISO 8601 with a time, or a clear error; never silently ignored.
const GIVEN = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/;

/** Why a given date is not one, or null when it is. */
export function givenDateProblem(s: string): string | null {
  const m = GIVEN.exec(s.trim());
  if (!m) return `${JSON.stringify(s)} is not a date: expected YYYY-MM-DD or an ISO 8601 date and time`;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d));
  if (y === 0 || date.getUTCMonth() !== (mo as number) - 1 || date.getUTCDate() !== d) return `${JSON.stringify(s)} is not a date: no day ${d} in month ${mo} of ${y}`;
  if (h > 23 || mi > 59 || sec > 60) return `${JSON.stringify(s)} is not a date: no time ${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''}`;
  return null;
}
