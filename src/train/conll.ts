// Reading CoNLL-2003 files: one token a line, the name tag last (IOB1), -DOCSTART- and blank lines between.
import { readFileSync } from 'node:fs';

export interface ConllSentence {
  words: string[];
  /** BIO tags: B- opens every name, I- continues it. */
  tags: string[];
}

/** CoNLL text → sentences with BIO tags (the files use IOB1, where B- only separates two adjacent names). */
export function parseConll(content: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let cur: ConllSentence = { words: [], tags: [] };
  const flush = () => {
    if (cur.words.length) out.push(cur);
    cur = { words: [], tags: [] };
  };
  for (const line of content.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (!line.trim() || cols[0] === '-DOCSTART-') {
      flush();
      continue;
    }
    const raw = cols.at(-1) ?? 'O';
    const type = raw.slice(2);
    const prev = cur.tags.at(-1) ?? 'O';
    const bio = raw === 'O' ? 'O' : raw.startsWith('B-') || prev === 'O' || prev.slice(2) !== type ? `B-${type}` : `I-${type}`;
    cur.words.push(cols[0] as string);
    cur.tags.push(bio);
  }
  flush();
  return out;
}

export const readConll = (file: string): ConllSentence[] => parseConll(readFileSync(file, 'utf8'));
