// chrono-node, run over a long text in chunks of whole sentences. For each expression it finds, chrono
// reads the whole text before it again (its "end of …" refiner, its "may" filter, its slash-date parsers):
// quadratic in the length of what it is given. No date spans two sentences, so a text cut between
// sentences gives the same dates, each chunk costing at most its own length per date.
import type * as chrono from 'chrono-node';
// chrono's English parsers alone: the package's index (whose casual and strict are these) loads every locale
import { casual } from 'chrono-node/en';
import { type Sentence, splitSentences } from './sentences.js';

/** Texts up to this length go to chrono whole; longer ones in chunks of half to once this length. */
export const CHRONO_CHUNK = 8000;

/** An expression chrono found: where it starts in the whole text, its words, what they give. */
export interface Found {
  index: number;
  text: string;
  start: chrono.ParsedComponents;
}

export function parseDates(text: string, ref: Date, sentences?: Sentence[]): Found[] {
  const parse = (t: string) => casual.parse(t, ref, { forwardDate: false });
  if (text.length <= CHRONO_CHUNK) return parse(text);
  const cuts = [0];
  let from = 0;
  for (const s of sentences ?? splitSentences(text)) {
    if (s.end - from > CHRONO_CHUNK && s.start - from >= CHRONO_CHUNK / 2) {
      cuts.push(s.start);
      from = s.start;
    }
  }
  // a short last chunk joins the one before: chrono takes an expression that is a whole text for a date
  if (cuts.length > 1 && text.length - from < CHRONO_CHUNK / 2) cuts.pop();
  const out: Found[] = [];
  cuts.forEach((at, i) => {
    for (const r of parse(text.slice(at, cuts[i + 1] ?? text.length))) out.push({ index: r.index + at, text: r.text, start: r.start });
  });
  return out;
}
