// Word tokens with offsets: letters/digits with inner apostrophes, periods of abbreviations ("U.S.") and
// hyphens kept; every other non-space character is a token of its own.

export interface Token {
  text: string;
  start: number;
  end: number;
}

const TOKEN = /(?:\p{Lu}\.){2,}|[\p{L}\p{N}]+(?:[-'’.&][\p{L}\p{N}]+)*|\S/gu;

export function tokenize(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = offset + (m.index ?? 0);
    out.push({ text: m[0], start, end: start + m[0].length });
  }
  return out;
}

export const isCapitalized = (w: string): boolean => /^[\p{Lu}]/u.test(w) || /^\p{Ll}+\p{Lu}/u.test(w);
export const isAllCaps = (w: string): boolean => /^[\p{Lu}\p{N}.&-]+$/u.test(w) && /\p{Lu}{2}/u.test(w);
