// Phrases of a sentence the claim patterns share: spans, the subject noun phrase before a cue, the clause
// tests, and the kind of a claim (direct, mixed, indirect) from the quotes inside its content.
import type { ClaimKind, Speaker } from '../../record.js';
import { lexTags } from '../entities/lexicon.js';
import { ADVERBS, PARTICIPLE } from './lexicon.js';
import type { Quote } from './quotes.js';
import type { RawClaim, Span, SpeakerContext } from './types.js';
import type { Sentence } from '../sentences.js';
import { lowerBound } from '../sorted.js';

export const ADV = `(?:(?:${ADVERBS})\\s+)*`;
export const PARTICIPLE_CLAUSE = new RegExp(`^,\\s+(${PARTICIPLE})\\s+`, 'i');
export const TRAILING_ADJUNCT = /^\s+(?:in|on|at|to|during|yesterday|today|tonight|last|earlier|later|this|late|early|after|before|when|while|via|through|from|with|according)\b[^\u2588]*$/i;
const VERB_TAG = /^(PastTense|Modal|Copula)$/;
const TRAILING_ADVERBS = new RegExp(`\\s+${ADV}$`, 'i');

/** The phrase before a cue without the adverbs that end it: "China also" → "China". */
export const dropTrailingAdverbs = (s: string, replacement = ''): string => s.replace(TRAILING_ADVERBS, replacement);

export interface PatternInput extends SpeakerContext {
  mask: string;
  sentences: Sentence[];
  quotes: Quote[];
}

export type { RawClaim, Span };

/** Makes a claim of a sentence's rule (null where it is too thin) and marks its cue used. */
export type Make = (rule: string, kind: ClaimKind | null, speaker: Speaker | null, cue: Span, content: Span, confidence: number, cueStance?: 'support' | 'oppose') => RawClaim | null;

/** The last word of text[span], lower-cased ("was praised" → "praised"); '' when none. */
export const lastWord = (text: string, span: Span): string => /\p{L}+$/u.exec(text.slice(span.start, span.end))?.[0].toLowerCase() ?? '';

export const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** A lowercase word that can only be a finite verb: the phrase is a clause, not a speaker. */
export const hasVerb = (phrase: string) => phrase.split(/\s+/).some((w) => /^\p{Ll}/u.test(w) && lexTags(w.replace(/[^\p{L}]/gu, '')).some((t) => t === 'PastTense' || t === 'PresentTense'));

export function trimSpan(text: string, start: number, end: number, spacesOnly = false): Span {
  let s = start;
  let e = end;
  const lead = spacesOnly ? /\s/ : /[\s,:;]/;
  const trail = spacesOnly ? /\s/ : /[\s,;:.]/;
  while (s < e && lead.test(text[s] ?? '')) s++;
  while (e > s && trail.test(text[e - 1] ?? '')) e--;
  return { start: s, end: e };
}

/** Direct when one quote is the whole span, mixed when quotes are in it, else indirect. `quotes` are in text
 * order and never overlap: the ones inside the span are found by binary search, two of them are enough. */
export function kindOf(text: string, span: Span, quotes: Quote[]): ClaimKind {
  const inside: Quote[] = [];
  for (let i = lowerBound(quotes, span.start - 1, (q) => q.start); i < quotes.length && inside.length < 2; i++) {
    const q = quotes[i] as Quote;
    if (q.start > span.end + 1) break;
    if (q.end <= span.end + 1) inside.push(q);
  }
  if (inside.length === 1 && inside[0] && inside[0].innerStart <= span.start + 1 && inside[0].innerEnd >= span.end - 1) return 'direct';
  return inside.length || /[\u201c\u201d"]/.test(text.slice(span.start, span.end)) ? 'mixed' : 'indirect';
}

/** The last of `chars` at or before `from`, skipping the comma of a number ("1,900"). */
function lastBoundary(str: string, from: number, chars: string): number {
  for (let i = from; i >= 0; i--) {
    const c = str[i] ?? '';
    if (!chars.includes(c)) continue;
    if (c === ',' && /\d/.test(str[i - 1] ?? '') && /\d/.test(str[i + 1] ?? '')) continue;
    return i;
  }
  return -1;
}

/**
 * The subject noun phrase that ends right before a cue: "The official", or a name with its apposition,
 * "Geng Shuang, spokesperson for X," / "The regional minister, Ramón Fernández-Pacheco," (both halves kept:
 * the speaker resolver picks the name).
 */
export function subjectBefore(ms: string, before: string): Span | null {
  const pre = before.replace(/\s+$/, '');
  if (!pre || /\u2588$/.test(pre)) return null;
  let end = pre.length;
  let headEnd: number;
  let start: number;
  // "an architect who said": the relative pronoun's antecedent speaks
  const who = /(\b(?:a|an|the|one|some|two|three)\s+(?:[\p{L}’'.-]+\s+){0,3}?[\p{L}’'.-]+|\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*){0,3}),?\s+who$/u.exec(pre);
  // the phrase keeps its "who": it is where the text names the speaker as the speaker
  if (who?.[1]) return { start: pre.length - who[0].length, end: pre.length };
  if (pre.endsWith(',')) {
    let open = lastBoundary(pre, pre.length - 2, ',');
    if (open < 0) return null;
    end = pre.length - 1;
    // several appositions: "Michael Mulgrew, president of the union, which represents teachers," — go back to the name
    for (let k = 0; k < 3; k++) {
      const prevOpen = lastBoundary(pre, open - 1, ',');
      if (prevOpen < 0 || /^\p{Lu}/u.test(pre.slice(prevOpen + 1, open).trimStart())) break; // the name is right before
      open = prevOpen;
    }
    headEnd = open;
    start = lastBoundary(pre, open - 1, ',;\u2588') + 1;
  } else {
    start = lastBoundary(pre, pre.length - 1, ',;:\u2588') + 1;
    headEnd = end;
  }
  const head = ms.slice(start, headEnd);
  const lead = head.length - head.trimStart().length;
  const n = words(head);
  if (n < 1 || n > 8) return null;
  // a clause, not a noun phrase: "the move was seen as" / "It is unclear what he"
  if (/\b(is|was|were|are|be|been|being|has|have|had|will|would|that|which|who|what|when|if|because|to)\b/i.test(head) && n > 1) return null;
  // a verb inside means a clause; a final "firms"/"sources" may read as a verb and is still the head noun
  const ws = head.trim().split(/\s+/);
  const verbish = (w: string, last: boolean) => !/^\p{Lu}/u.test(w) && lexTags(w).some((t) => (last ? /^(PastTense|Gerund|Modal|Copula)$/ : VERB_TAG).test(t));
  if (n > 1 && ws.some((w, i) => verbish(w, i === ws.length - 1))) return null;
  return { start: start + lead, end };
}

/** The noun phrase that opens a sentence, up to its first verb: "The fishermen's association". */
export function subjectAtSentenceStart(ms: string): Span | null {
  const ws = [...ms.matchAll(/\S+/g)];
  for (let i = 1; i < Math.min(ws.length, 10); i++) {
    const w = (ws[i] as RegExpMatchArray)[0];
    if (/^[\p{Ll}]/u.test(w) && lexTags(w.replace(/[^\p{L}]/gu, '')).some((t) => /^(PastTense|PresentTense)$/.test(t))) {
      const end = (ws[i] as RegExpMatchArray).index ?? 0;
      return { start: (ws[0] as RegExpMatchArray).index ?? 0, end: end - 1 };
    }
  }
  return null;
}
