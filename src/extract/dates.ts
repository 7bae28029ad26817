// Stage: dates. chrono-node finds the expressions; we resolve the ones without a year against the
// publication date the way news is written: the tense of the sentence decides whether "on Tuesday" or
// "in December" lies behind the dateline or ahead of it, and a date whose year cannot be known stays
// "XXXX-MM-DD". Durations ("for three years", "within a week") and weeks are no dates of the record.
import type * as chrono from 'chrono-node';
import type { DateMention } from '../record.js';
import { parseDates } from './chrono-chunks.js';
import type { Sentence } from './sentences.js';
import { type Tense, tenses } from './tense.js';

const RELATIVE = /\b(yesterday|today|tonight|tomorrow|last|next|this|ago|later|earlier|previous|coming|past|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;
const DURATION = /^(?:(?:within|for|after|over|in|during|about|nearly|almost)\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|a few|a couple of|several|many)\s|(?:the\s+)?(?:past|last|next|coming|previous|first|final)\s+(?:few|several|couple of|two|three|four|five|six|seven|eight|nine|ten|\d+)\s)/i;
const VAGUE = /^(now|second|minute|an? (second|minute|hour|year|month|day)|the (second|minute|day|year|month|time)|\d{1,2}\/\d{1,2}|mon|tue|wed|thu|fri|sat|sun)$/i;
/** Something a date is made of: a digit, a month or weekday name, a relative day word. */
const DATEISH = /\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b|\b(yesterday|today|tonight|tomorrow|year|month|quarter|century|decade)\b/i;
const pad = (n: number) => String(n).padStart(2, '0');

/** Reference date from an ISO date/datetime, taken on the page's own calendar day. */
function referenceDate(publishedAt: string | null): Date | null {
  const m = publishedAt ? /^(\d{4})-(\d\d)-(\d\d)/.exec(publishedAt) : null;
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : null;
}

const DAY = 86_400_000;

/** A weekday or a month (and day) without a year, placed before or after the reference by tense. */
function placeByTense(s: chrono.ParsedComponents, d: Date, ref: Date, tense: Tense): Date {
  if (s.isCertain('weekday') && !s.isCertain('day') && !s.isCertain('month')) {
    const wd = s.get('weekday') ?? d.getDay();
    const back = (ref.getDay() - wd + 7) % 7;
    const ahead = (wd - ref.getDay() + 7) % 7;
    const out = new Date(ref.getTime() + (tense === 'future' ? ahead : -back) * DAY);
    out.setHours(d.getHours(), d.getMinutes());
    return out;
  }
  if (s.isCertain('month')) {
    const m = (s.get('month') ?? 1) - 1;
    const day = s.isCertain('day') ? (s.get('day') ?? 1) : 1;
    const key = m * 31 + (s.isCertain('day') ? day : 0);
    const refKey = ref.getMonth() * 31 + (s.isCertain('day') ? ref.getDate() : 0);
    let year = ref.getFullYear();
    if (tense === 'past' && key > refKey) year--;
    else if (tense === 'future' && key < refKey) year++;
    else if (tense === 'none' && (key - refKey) / 31 > 6) year--; // no tense to go by: the nearer one
    else if (tense === 'none' && (refKey - key) / 31 > 6) year++;
    return new Date(year, m, day, d.getHours(), d.getMinutes());
  }
  return d;
}

/** The dates of a text; `sentences` (its sentences, when the caller has them) only saves splitting it again. */
export function extractDates(text: string, publishedAt: string | null, sentences?: Sentence[]): DateMention[] {
  const ref = referenceDate(publishedAt);
  const tenseAround = tenses(text);
  const out: DateMention[] = [];
  for (const r of parseDates(text, ref ?? new Date(2000, 0, 1, 12), sentences)) {
    const s = r.start;
    if (DURATION.test(r.text)) continue;
    // the expression without its preposition: "on Tuesday" → "Tuesday" (TimeML spans leave it out)
    const prep = /^(?:on|in|at|by|since|from|during|until|of)\s+/i.exec(r.text)?.[0].length ?? 0;
    const phrase = r.text.slice(prep).replace(/[\s,]+$/, '');
    const index = r.index + prep;
    if (VAGUE.test(phrase) || /\b(weeks?|weekends?)\b/i.test(phrase) || !DATEISH.test(phrase) || /\d \d+\/\d/.test(r.text)) continue;
    if (/^(may|march)$/.test(phrase)) continue; // the verb and the verb, not the months
    // chrono marks what it computed from the reference as certain; only the words tell what was written
    const explicitYear = /\b(1[5-9]|20)\d\d\b|['’]\d\d\b/.test(phrase);
    const relative = !explicitYear && RELATIVE.test(phrase);
    const dayWord = /\b(yesterday|today|tonight|tomorrow)\b/i.test(phrase);
    if (!ref && relative) continue; // "yesterday" with no dateline cannot be resolved
    if (!s.isCertain('day') && !s.isCertain('month') && !s.isCertain('weekday') && !explicitYear && !dayWord && !/\b(year|month|quarter)\b/i.test(phrase)) continue;
    let d = s.date();
    const chronoRelative = /\b(ago|last|next|this|yesterday|today|tonight|tomorrow|later|earlier|previous|coming|past)\b/i.test(phrase);
    if (ref && !explicitYear && !chronoRelative) d = placeByTense(s, d, ref, tenseAround(index, index + phrase.length));
    const dayKnown = s.isCertain('day') || s.isCertain('weekday') || dayWord;
    const monthKnown = dayKnown || s.isCertain('month') || /\bmonth\b/i.test(phrase);
    const y = explicitYear || ref ? String(d.getFullYear()) : 'XXXX';
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
      if (y === 'XXXX') continue;
      value = y;
      granularity = 'year';
    }
    out.push({ text: phrase, start: index, end: index + phrase.length, value, kind: relative ? 'relative' : 'absolute', granularity });
  }
  // bare years chrono leaves alone: "in 1998", "mid-1996", "1971 and", "until 2000."
  // which characters the dates found so far cover, so that a year inside one is seen without a scan of all
  const covered = new Uint8Array(text.length);
  for (const d of out) covered.fill(1, d.start, d.end);
  const addYear = (year: string, start: number) => {
    if (covered[start]) return;
    out.push({ text: year, start, end: start + 4, value: year, kind: 'absolute', granularity: 'year' });
    covered.fill(1, start, start + 4);
  };
  for (const m of text.matchAll(/(?<![\d$.,/-])((?:19|20)\d\d)(?![\d%/-]|,\d)(?=(\s*[.,;:)!?"”]|\s+(?:and|to|through|when|as|was|were|with|the|for|that|but|or|is|are|had|has|in|on|at|after|before|until)\b|\s*$))/g)) {
    addYear(m[1] as string, m.index ?? 0);
  }
  for (const m of text.matchAll(/\b(?:in|since|by|of|during|before|after|until|from|through|into)\s+((?:19|20)\d\d)\b(?![-/]\d)/gi)) {
    addYear(m[1] as string, (m.index ?? 0) + m[0].length - 4);
  }
  return out.sort((a, b) => a.start - b.start);
}
