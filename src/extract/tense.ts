// The tense around a date: the words between the last "." or line break before it and the next one after
// it, the date itself left out. A future marker wins, then any past-tense verb. What a stretch of text holds
// is found once for the stretch, not once per date in it: a long stretch full of dates stays linear.
import { lexTags } from './entities/lexicon.js';
import { lowerBound } from './sorted.js';

export type Tense = 'past' | 'future' | 'none';

const FUTURE = /\b(will|'ll|shall|next|upcoming|scheduled|plans? to|planning to|is to|are to|expected to|set to|tomorrow)\b/gi;
const PAST = /\b(was|were|had|did|ago|last|yesterday|earlier|previously|since)\b/gi;
const WORD = /[\p{L}']+/gu;
const pastVerb = (w: string) => /^\p{Ll}/u.test(w) && lexTags(w).includes('PastTense');

/** How far either side of a date the words that touch it are read again with the date taken out. */
const EDGE = 64;

interface Spread {
  /** The least end and the greatest start of the matches: is there one wholly before or after a date? */
  minEnd: number;
  maxStart: number;
}

const none = (): Spread => ({ minEnd: Infinity, maxStart: -Infinity });
const note = (s: Spread, start: number, end: number) => {
  s.minEnd = Math.min(s.minEnd, end);
  s.maxStart = Math.max(s.maxStart, start);
};
const outside = (s: Spread, start: number, end: number) => s.minEnd <= start || s.maxStart >= end;

/**
 * The tense of the sentence around [start, end) for each date of `text`, as `sentence` = the stretch
 * before the date + " " + the stretch after it would give. A match wholly before or after the date is
 * one of the sentence's; one that touches the date's place (a word cut by it, "plans" + " " + "to") is
 * found in the few characters around it.
 */
export function tenses(text: string): (start: number, end: number) => Tense {
  const stops: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '.' || text[i] === '\n') stops.push(i);
  const stretches = new Map<string, { future: Spread; past: Spread }>();
  const read = (from: number, to: number) => {
    const key = `${from},${to}`;
    let r = stretches.get(key);
    if (!r) {
      r = { future: none(), past: none() };
      const body = text.slice(from, to);
      for (const m of body.matchAll(FUTURE)) note(r.future, from + (m.index ?? 0), from + (m.index ?? 0) + m[0].length);
      for (const m of body.matchAll(PAST)) note(r.past, from + (m.index ?? 0), from + (m.index ?? 0) + m[0].length);
      for (const m of body.matchAll(WORD)) if (pastVerb(m[0])) note(r.past, from + (m.index ?? 0), from + (m.index ?? 0) + m[0].length);
      stretches.set(key, r);
    }
    return r;
  };
  return (start, end) => {
    const before = lowerBound(stops, start, (x) => x) - 1;
    const from = before < 0 ? 0 : (stops[before] as number) + 1;
    const after = lowerBound(stops, end, (x) => x);
    const to = after < stops.length ? (stops[after] as number) : text.length;
    const r = read(from, to);
    // the words around the date's place, with the date taken out; matches at a cut edge do not count
    const a = Math.max(from, start - EDGE);
    const b = Math.min(to, end + EDGE);
    const near = `${text.slice(a, start)} ${text.slice(end, b)}`;
    const whole = (m: RegExpMatchArray) => ((m.index ?? 0) > 0 || a === from) && ((m.index ?? 0) + m[0].length < near.length || b === to);
    const nearly = (re: RegExp, ok: (m: RegExpMatchArray) => boolean = () => true) => [...near.matchAll(re)].some((m) => whole(m) && ok(m));
    if (outside(r.future, start, end) || nearly(FUTURE)) return 'future';
    if (outside(r.past, start, end) || nearly(PAST) || nearly(WORD, (m) => pastVerb(m[0]))) return 'past';
    return 'none';
  };
}
