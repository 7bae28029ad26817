// Offsets of the masked text that the quote patterns ask about for every quote, found once: line breaks
// (a quote's paragraph), sentence-final marks, and sentence ends. A scan from each quote to its paragraph's
// ends would cost the paragraph's length per quote, quadratic in a long paragraph full of quotes.
import { anyIn, firstIn, lowerBound } from '../sorted.js';

export interface MaskIndex {
  /** Where the paragraph holding `pos` starts: after the last line break before it. */
  paragraphStart(pos: number): number;
  /** Where the paragraph holding `pos` ends: the first line break at or after it, or the text's end. */
  paragraphEnd(pos: number): number;
  /** Whether mask[from, to) holds a ".", "!" or "?". */
  hasStop(from: number, to: number): boolean;
  /** The first sentence end ([.!?] before a space or the text's end) in mask[from, to), or -1. */
  sentenceEnd(from: number, to: number): number;
}

export function indexMask(mask: string): MaskIndex {
  const breaks: number[] = [];
  const stops: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    const ch = mask[i];
    if (ch === '\n') breaks.push(i);
    else if (ch === '.' || ch === '!' || ch === '?') {
      stops.push(i);
      if (i + 1 === mask.length || /\s/.test(mask[i + 1] as string)) ends.push(i);
    }
  }
  return {
    paragraphStart: (pos) => {
      const i = lowerBound(breaks, pos, (x) => x) - 1;
      return i < 0 ? 0 : (breaks[i] as number) + 1;
    },
    paragraphEnd: (pos) => {
      const i = lowerBound(breaks, pos, (x) => x);
      return i < breaks.length ? (breaks[i] as number) : mask.length;
    },
    hasStop: (from, to) => anyIn(stops, from, to),
    sentenceEnd: (from, to) => firstIn(ends, from, to),
  };
}
