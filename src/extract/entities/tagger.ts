// The name tagger's features (BIO over PER/ORG/LOC/MISC): the word, its shape and affixes, its neighbours,
// lexicon hints and the previous tags. The tagger itself is the shared core (src/extract/learned/tagger.ts);
// the weights are models/ner-conll2003.json.gz, written by src/train/ner.ts.
import { shape, spans, type TaggedSpan, type TaggerModel, tag } from '../learned/tagger.js';
import { lexTags } from './lexicon.js';

export type NameType = 'PER' | 'ORG' | 'LOC' | 'MISC';

const LEX_HINTS = /^(FirstName|MaleName|FemaleName|LastName|Person|Country|City|Region|Place|Organization|SportsTeam|Demonym|Month|WeekDay|Honorific)$/;

const hints = new Map<string, string>();

function lexHint(w: string): string {
  let hint = hints.get(w);
  if (hint === undefined) {
    const tags = lexTags(w.replace(/['’]s$/, ''));
    hint = tags.filter((t) => LEX_HINTS.test(t)).sort().join('+') || (tags.length ? 'common' : 'none');
    if (hints.size < 100_000) hints.set(w, hint); // a memo of the lexicon, bounded: the result never changes
  }
  return hint;
}

/** Features of token i; `prev` and `prev2` are the tags already given to the two tokens before it. */
export function features(words: string[], i: number, prev: string, prev2: string): string[] {
  const w = words[i] ?? '';
  const low = w.toLowerCase();
  const at = (k: number) => (words[k] ?? (k < 0 ? '<s>' : '</s>')).toLowerCase();
  const sh = (k: number) => (words[k] === undefined ? (k < 0 ? '<s>' : '</s>') : shape(words[k] as string));
  return [
    'b',
    `w=${low}`,
    `s=${shape(w)}`,
    `p3=${low.slice(0, 3)}`,
    `s3=${low.slice(-3)}`,
    `s2=${low.slice(-2)}`,
    `l=${lexHint(w)}`,
    `w-1=${at(i - 1)}`,
    `w+1=${at(i + 1)}`,
    `w-2=${at(i - 2)}`,
    `w+2=${at(i + 2)}`,
    `s-1=${sh(i - 1)}`,
    `s+1=${sh(i + 1)}`,
    `s-1s=${sh(i - 1)}|${shape(w)}`,
    `ss+1=${shape(w)}|${sh(i + 1)}`,
    `l+1=${words[i + 1] === undefined ? '</s>' : lexHint(words[i + 1] as string)}`,
    `l-1=${words[i - 1] === undefined ? '<s>' : lexHint(words[i - 1] as string)}`,
    `t-1=${prev}`,
    `t-2t-1=${prev2}|${prev}`,
    `t-1w=${prev}|${low}`,
    `first=${i === 0}|${shape(w)}`,
  ];
}

/** Names in a sentence's words, as the CoNLL tagger reads them. */
export function tagNames(model: TaggerModel, words: string[]): string[] {
  return tag(model, words, features);
}

export const nameSpans = (tags: string[]): TaggedSpan<NameType>[] => spans<NameType>(tags);
