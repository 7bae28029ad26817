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

function splitLine(line: string, offset: number, paragraph: number, out: Sentence[]): void {
  let s = 0;
  const push = (e: number) => {
    let a = s;
    let b = e;
    while (a < b && /\s/.test(line[a] ?? '')) a++;
    while (b > a && /\s/.test(line[b - 1] ?? '')) b--;
    if (b > a) out.push({ start: offset + a, end: offset + b, text: line.slice(a, b), paragraph });
    s = e;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (!TERMINAL.test(ch)) continue;
    let j = i + 1;
    while (j < line.length && (TERMINAL.test(line[j] ?? '') || CLOSERS.test(line[j] ?? ''))) j++;
    if (j < line.length && !/\s/.test(line[j] ?? '')) continue; // "3.5", "U.S.-China"
    let k = j;
    while (k < line.length && /\s/.test(line[k] ?? '')) k++;
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
