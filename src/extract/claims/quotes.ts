// Quoted spans of a paragraph: curly pairs “…” and straight pairs "…", never across paragraphs.

export interface Quote {
  /** Offsets of the opening and closing quote marks (end exclusive, so text.slice(start, end) has both). */
  start: number;
  end: number;
  /** The words inside. */
  innerStart: number;
  innerEnd: number;
}

/** A straight quote mark at `i` with a space (or the paragraph's start) before it and a word after. */
const openingShaped = (para: string, i: number): boolean => (i === 0 || /\s/.test(para[i - 1] as string)) && /[\p{L}\p{N}]/u.test(para[i + 1] ?? '');

export function findQuotes(text: string): Quote[] {
  const out: Quote[] = [];
  let offset = 0;
  for (const para of text.split('\n')) {
    let open = -1;
    let openCh = '';
    for (let i = 0; i < para.length; i++) {
      const ch = para[i];
      // some wires write a double quote as two single ones: ''It's tinkering,'' said Mr. Cole
      const two = ch === "'" && para[i + 1] === "'";
      if (open < 0 && (ch === '\u201c' || ch === '"' || two)) {
        open = i;
        openCh = two ? "''" : (ch as string);
        if (two) i++;
      } else if (open >= 0 && openCh === '"' && ch === '"' && openingShaped(para, i) && !openingShaped(para, open)) {
        // a straight mark shaped as an opening one (a space before, a word after) after one that was not: the
        // pairs had fallen out of step (a stray mark before), and the quote starts here
        open = i;
      } else if (open >= 0 && ((openCh === '\u201c' && ch === '\u201d') || (openCh === '"' && ch === '"') || (openCh === "''" && two))) {
        const width = two ? 2 : 1;
        out.push({ start: offset + open, end: offset + i + width, innerStart: offset + open + openCh.length, innerEnd: offset + i });
        open = -1;
        if (two) i++;
      } else if (open >= 0 && openCh === '\u201c' && ch === '\u201c') {
        open = i; // an unclosed quote: start again at the newer one
      }
    }
    // a paragraph-long quote left open continues in the next paragraph (news style); we close it here
    if (open >= 0 && para.length - open > 40) out.push({ start: offset + open, end: offset + para.length, innerStart: offset + open + openCh.length, innerEnd: offset + para.length });
    offset += para.length + 1;
  }
  return out;
}

/** The text with every quote's characters replaced by "\u2588", same length, so cue patterns skip quotes. */
/** "BEIJING, March 3 (Xinhua) -- ", "OTTAWA — ": a dateline opening a paragraph is no subject. */
const DATELINE = /^[\p{Lu}][\p{Lu}\p{M} .'’-]{2,40}(?:,\s*[\p{L}.]+(?: [\p{L}.]+)?\s*\d{0,2})?(?:\s*\([^)\n]{1,40}\))?\s*(?:--|[\u2014\u2013\u2015-])\s+/u;

/** Length of the dateline at the start of `line` (0 when there is none). */
export const datelineLength = (line: string): number => DATELINE.exec(line)?.[0].length ?? 0;

const ABBREVIATION_DOT = /\b(?:Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|Rev|Hon|No|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|\p{Lu})\.(?=[\s\p{Lu},)])/gu;

/**
 * The text with every quote's characters replaced by "\u2588" (same length), so cue patterns skip quotes,
 * the periods of abbreviations and initials by "\u00b7", so a speaker "Rep. G.K. Butterfield" is one phrase,
 * and datelines and short parentheticals by spaces.
 */
export function maskQuotes(text: string, quotes: Quote[]): string {
  const chars = text.split('');
  for (const m of text.matchAll(ABBREVIATION_DOT)) chars[(m.index ?? 0) + m[0].length - 1] = '\u00b7';
  let at = 0;
  for (const line of text.split('\n')) {
    for (let i = at; i < at + datelineLength(line); i++) chars[i] = ' ';
    at += line.length + 1;
  }
  // short parentheticals are no part of the sentence's structure: "Rep. Gwen Moore (D-Wis.) said"
  for (const m of text.matchAll(/\([^()\n]{1,40}\)/g)) for (let i = m.index ?? 0; i < (m.index ?? 0) + m[0].length; i++) chars[i] = ' ';
  for (const q of quotes) for (let i = q.start; i < q.end; i++) chars[i] = '\u2588';
  return chars.join('');
}
