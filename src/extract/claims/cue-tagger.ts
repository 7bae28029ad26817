// A learned cue finder for the verbs of attribution the rules do not list ("questioned", "blasted",
// "is raising questions about"): a greedy averaged perceptron over the word, its lexicon tags and its
// neighbours, trained on PolNeAR train by src/train/cues.ts (models/cue-polnear.json.gz). Pure: the
// weights are data read once.
import { createRequire } from 'node:module';
import { lexTags } from '../entities/lexicon.js';
import { spans, tag } from '../learned/tagger.js';
import { taggerModel } from '../models.js';
import type { Token } from '../tokens.js';

// natural by module path: its index loads storage backends that print to stdout
const porter = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };
const stems = new Map<string, string>();
/** The Porter stem of a lowercase word ("questioning" → "question"), a bounded memo. */
export const stem = (w: string): string => {
  let s = stems.get(w);
  if (s === undefined) {
    s = /^\p{L}/u.test(w) ? porter.stem(w) : w;
    if (stems.size < 100_000) stems.set(w, s);
  }
  return s;
};

/** Per word of a sentence, whether it lies inside a quote (marks counted from the sentence's start); found
 * once per sentence, as the feature function is asked word by word. */
const quoteStates = new WeakMap<string[], Uint8Array>();
function insideQuote(words: string[]): Uint8Array {
  let q = quoteStates.get(words);
  if (!q) {
    q = new Uint8Array(words.length);
    let open = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (w === '\u201c') open = 1;
      else if (w === '\u201d') open = 0;
      else if (w === '"') open = 1 - open;
      q[i] = open || w === '\u201d' ? 1 : 0;
    }
    quoteStates.set(words, q);
  }
  return q;
}

const kinds = new Map<string, string>();
const kind = (w: string | undefined): string => {
  if (w === undefined) return '<none>';
  if (/^[\u201c\u201d"]$/.test(w)) return 'quote';
  if (/^\p{Lu}/u.test(w)) return 'Cap';
  if (!/^\p{L}/u.test(w)) return w;
  let k = kinds.get(w);
  if (k === undefined) {
    k = lexTags(w).filter((t) => /Tense|Infinitive|Gerund|Modal|Copula|Noun|Adjective|Adverb|Preposition|Pronoun|Determiner/.test(t)).sort().join('+') || 'word';
    if (kinds.size < 100_000) kinds.set(w, k); // a bounded memo of the lexicon
  }
  return k;
};

export function cueFeatures(words: string[], i: number, prev: string, prev2: string): string[] {
  const w = words[i] ?? '';
  const low = w.toLowerCase();
  const at = (k: number) => (words[k] ?? '<none>').toLowerCase();
  return [
    'b',
    `w=${low}`,
    `s3=${low.slice(-3)}`,
    `s2=${low.slice(-2)}`,
    `k=${kind(w)}`,
    `w-1=${at(i - 1)}`,
    `w+1=${at(i + 1)}`,
    `w-2=${at(i - 2)}`,
    `w+2=${at(i + 2)}`,
    `k-1=${kind(words[i - 1])}`,
    `k+1=${kind(words[i + 1])}`,
    `w|w+1=${low}|${at(i + 1)}`,
    `w-1|w=${at(i - 1)}|${low}`,
    `t-1=${prev}`,
    `t-2t-1=${prev2}|${prev}`,
    `t-1w=${prev}|${low}`,
    `st=${stem(low)}`,
    `st|w+1=${stem(low)}|${at(i + 1)}`,
    `k-2=${kind(words[i - 2])}`,
    `k+2=${kind(words[i + 2])}`,
    `k|k+1=${kind(w)}|${kind(words[i + 1])}`,
    `k-1|k=${kind(words[i - 1])}|${kind(w)}`,
    `w+1|w+2=${at(i + 1)}|${at(i + 2)}`,
    `q=${insideQuote(words)[i]}|${kind(w)}`,
    `t-1|k=${prev}|${kind(w)}`,
  ];
}

/** Cue spans of a sentence as token index ranges, end exclusive. */
export function findCues(tokens: Token[]): { start: number; end: number }[] {
  if (!tokens.length) return [];
  return spans(tag(taggerModel('cue-polnear'), tokens.map((t) => t.text), cueFeatures)).map((s) => ({ start: s.start, end: s.end }));
}
