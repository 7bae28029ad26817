// A date string as pages write it → ISO, keeping the page's own UTC offset and never inventing one.
// chrono's English parsers alone (the package's index loads every locale)
import { strict } from 'chrono-node/en';

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?)?/;

export function normalizeDate(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const s = raw.trim();
  const m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, , off] = m;
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
    if (!h) return `${y}-${mo}-${d}`;
    const offset = off ? (off === 'Z' ? 'Z' : off.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')) : '';
    return `${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}${offset}`;
  }
  if (/^\d{10,13}$/.test(s)) {
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  // "December 17, 2023", "Sun, 17 Dec 2023 10:00:00 GMT": a date with a stated year only
  const parsed = strict.parse(s, new Date(Date.UTC(2000, 0, 1)))[0];
  if (!parsed?.start.isCertain('year') || !parsed.start.isCertain('month') || !parsed.start.isCertain('day')) return null;
  const y = parsed.start.get('year');
  const mo = parsed.start.get('month');
  const d = parsed.start.get('day');
  if (y == null || mo == null || d == null) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date written in full with its year: "December 20, 2023", "20 Dec 2023", "2023-12-20". */
const FULL_DATE = /\b(\d{4}-\d\d-\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{4})(?!\d)/;

/** The first full date in a text, as ISO, or null. */
export const firstFullDate = (text: string): string | null => normalizeDate(FULL_DATE.exec(text)?.[1]);
