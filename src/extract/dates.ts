// Stage: dates. chrono-node finds the expressions; we resolve them against the publication date the way
// news is written: past tense looks back ("on Tuesday", "in August" in a story are behind the dateline),
// and a date whose year cannot be known stays "XXXX-MM-DD".
import * as chrono from 'chrono-node';
import type { DateMention } from '../record.js';

const FUTURE = /\b(will|next|upcoming|scheduled|plans?|planned|expected|due|set to|is to|are to|would|shall|until|by)\b/i;
const RELATIVE = /\b(yesterday|today|tonight|tomorrow|last|next|this|ago|later|earlier|previous|coming|past|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;
const SKIP = /^(now|second|minute|an? (second|minute|hour)|the (second|minute))$/i;
const pad = (n: number) => String(n).padStart(2, '0');

/** Reference date from an ISO date/datetime, taken on the page's own calendar day. */
function referenceDate(publishedAt: string | null): Date | null {
  const m = publishedAt ? /^(\d{4})-(\d\d)-(\d\d)/.exec(publishedAt) : null;
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : null;
}

function clauseBefore(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf('.', index - 1), text.lastIndexOf('\n', index - 1), index - 120);
  return text.slice(start + 1, index);
}

export function extractDates(text: string, publishedAt: string | null): DateMention[] {
  const ref = referenceDate(publishedAt);
  const out: DateMention[] = [];
  const results = chrono.casual.parse(text, ref ?? new Date(2000, 0, 1, 12), { forwardDate: false });
  for (const r of results) {
    const s = r.start;
    // the expression without its preposition: "on Tuesday" → "Tuesday" (TimeML spans leave it out)
    const prep = /^(?:on|in|at|by|since|from|during|until|of)\s+/i.exec(r.text)?.[0].length ?? 0;
    const phrase = r.text.slice(prep);
    const index = r.index + prep;
    if (SKIP.test(phrase)) continue;
    if (/\bweeks?\b/i.test(phrase) && !s.isCertain('day')) continue; // a week has no day, month or year value
    if (!s.isCertain('day') && !s.isCertain('month') && !s.isCertain('year') && !s.isCertain('weekday') && !/\b(year|month|week|quarter)\b/i.test(phrase) && !/\b(yesterday|today|tonight|tomorrow)\b/i.test(phrase)) continue;
    // chrono marks what it computed from the reference as certain; only the words tell what was written
    const explicitYear = /\b(1[5-9]|20)\d\d\b|['’]\d\d\b/.test(phrase);
    const relative = !explicitYear && RELATIVE.test(phrase);
    const yearKnown = explicitYear || ref !== null;
    if (!ref && relative) continue; // "yesterday" with no dateline cannot be resolved
    let d = s.date();
    // news looks back: a weekday or a month without a year, past the dateline, is the previous one
    if (ref && !explicitYear && !/\b(next|coming|tomorrow|later|this)\b/i.test(phrase) && d > ref && !FUTURE.test(clauseBefore(text, index))) {
      if (s.isCertain('weekday') && !s.isCertain('day')) d = new Date(d.getTime() - 7 * 86_400_000);
      else if (s.isCertain('month')) d = new Date(d.getFullYear() - 1, d.getMonth(), d.getDate(), 12);
    }
    const dayKnown = s.isCertain('day') || s.isCertain('weekday') || /\b(yesterday|today|tonight|tomorrow)\b/i.test(phrase);
    const monthKnown = dayKnown || s.isCertain('month') || /\bmonth\b/i.test(phrase);
    const y = yearKnown ? String(d.getFullYear()) : 'XXXX';
    let value: string;
    let granularity: DateMention['granularity'];
    if (dayKnown && s.isCertain('hour')) {
      value = `${y}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      granularity = 'datetime';
    } else if (dayKnown) {
      value = `${y}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      granularity = 'day';
    } else if (monthKnown) {
      value = `${y}-${pad(d.getMonth() + 1)}`;
      granularity = 'month';
    } else {
      if (!yearKnown) continue;
      value = y;
      granularity = 'year';
    }
    out.push({ text: phrase, start: index, end: index + phrase.length, value, kind: relative ? 'relative' : 'absolute', granularity });
  }
  // bare years ("in 1998") chrono leaves alone
  for (const m of text.matchAll(/\b(?:in|into|since|by|of|during|before|after|until|from|through|early|late|mid-?)\s+((?:19|20)\d\d)\b(?![-/]\d)/gi)) {
    const year = m[1] as string;
    const start = (m.index ?? 0) + m[0].length - year.length;
    if (out.some((d) => d.start <= start && start < d.end)) continue;
    out.push({ text: year, start, end: start + 4, value: year, kind: 'absolute', granularity: 'year' });
  }
  return out.sort((a, b) => a.start - b.start);
}
