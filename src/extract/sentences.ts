// Sentence splitting with offsets into the article text. A newline always ends a sentence (paragraphs are
// joined by "\n\n"); inside a line, ". ! ?" (and a closing quote after them) end one unless the word before
// is a known abbreviation or an initial ("U.S.", "Mr.", "J. Smith").

export interface Sentence {
  start: number;
  end: number;
  text: string;
  /** Index of the paragraph the sentence belongs to. */
  paragraph: number;
}

/** Abbreviations that never end a sentence, even before a capital ("Mr. Xu", "the U.S. Senate"). */
const TITLES = new Set(
  ('mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st rev hon pres supt insp det no vs ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n d.c e.g i.e').split(' '),
);
/** Abbreviations that end a sentence when a capital follows ("... Acme Inc. The company said"). */
const OTHER = new Set('jr sr inc corp co ltd bros etc a.m p.m ave blvd rd mt ft dept est fig vol u.k e.u u.s.a'.split(' '));

function wordBefore(line: string, dot: number): string {
  return (/([\p{L}.]+)$/u.exec(line.slice(Math.max(0, dot - 12), dot))?.[1] ?? '').replace(/^\.+/, '').toLowerCase();
}

const TERMINAL = /[.!?]/;
const CLOSERS = /[\u201d\u2019"')\]]/;

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let lineStart = 0;
  let blank = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) blank = true;
    else {
      if (blank && out.length) paragraph++;
      blank = false;
      splitLine(line, lineStart, paragraph, out);
    }
    lineStart += line.length + 1;
  }
  return out;
}

/**
 * The longest sentence: a longer run without a sentence end (a list, a table, a page without stops) is cut at
 * a space before this length, so the per-sentence work of the later stages stays bounded. The longest
 * sentence in the dev sets (news pages, Readability pages, TimeBank, CoNLL, PolNeAR, MPQA) is 1,325 characters.
 */
export const MAX_SENTENCE_CHARS = 2000;

/** Where to cut text[from, to) that is too long: after the last space of its first MAX_SENTENCE_CHARS. */
function cutPoint(line: string, from: number): number {
  const limit = from + MAX_SENTENCE_CHARS;
  for (let i = limit; i > from + MAX_SENTENCE_CHARS / 2; i--) if (/\s/.test(line[i - 1] as string)) return i;
  // no space in sight: cut anyway, but never between the halves of a surrogate pair
  return /[\udc00-\udfff]/.test(line[limit] ?? '') ? limit - 1 : limit;
}

function splitLine(line: string, offset: number, paragraph: number, out: Sentence[]): void {
  let s = 0;
  const emit = (e: number) => {
    let a = s;
    let b = e;
    while (a < b && /\s/.test(line[a] ?? '')) a++;
    while (b > a && /\s/.test(line[b - 1] ?? '')) b--;
    if (b > a) out.push({ start: offset + a, end: offset + b, text: line.slice(a, b), paragraph });
    s = e;
  };
  const push = (e: number) => {
    while (e - s > MAX_SENTENCE_CHARS) emit(cutPoint(line, s));
    emit(e);
  };
  // the run of stops and closers after a stop, and the spaces after it, are the same for every stop in the
  // run: found once, so that "!!!!…" costs its length, not its square
  let runEnd = -1;
  let spaceEnd = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (!TERMINAL.test(ch)) continue;
    if (i >= runEnd) {
      runEnd = i + 1;
      while (runEnd < line.length && (TERMINAL.test(line[runEnd] ?? '') || CLOSERS.test(line[runEnd] ?? ''))) runEnd++;
      spaceEnd = runEnd;
      while (spaceEnd < line.length && /\s/.test(line[spaceEnd] ?? '')) spaceEnd++;
    }
    const j = runEnd;
    if (j < line.length && !/\s/.test(line[j] ?? '')) continue; // "3.5", "U.S.-China"
    const k = spaceEnd;
    if (k >= line.length) break;
    const next = line[k] ?? '';
    if (ch === '.') {
      const word = wordBefore(line, i);
      const initial = /^\p{L}$/u.test(word);
      if (TITLES.has(word) || initial) continue;
      if (OTHER.has(word) && !/[\p{Lu}\u201c"]/u.test(next)) continue;
    }
    // "... on Nov. 27 warned"; "Why?" he asked.
    if (/[\p{Ll}\d]/u.test(next) && ((ch !== '?' && ch !== '!') || j > i + 1)) continue;
    push(j);
  }
  push(line.length);
}
