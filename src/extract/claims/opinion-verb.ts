// Stance claims from an opinion verb with a subject where no other rule found a claim in the sentence: "Rice
// attacked the Palestinian leadership", "The EU is concerned about the voluntary nature of the plan",
// "Washington has long sought free elections". The verb is a word the opinion lexicon learned from MPQA marks
// as a side surely enough to make a claim on its own (not "approved", as often an act as an opinion); the
// subject is the noun phrase just before it; it must govern an object (./opinion-target.ts).
import type { Speaker } from '../../record.js';
import { lexTags } from '../entities/lexicon.js';
import { FEELINGS } from './lexicon.js';
import type { Sentence } from '../sentences.js';
import { type Token, tokenize } from '../tokens.js';
import { opinionLexicon, opinionSide, stemOf } from './opinion-lexicon.js';
import { lower, objectOf } from './opinion-target.js';
import { type Make, type RawClaim, subjectBefore, trimSpan } from './phrases.js';

export const OPINION_VERB_RULE = 'opinion-verb';

/** How surely a stem must mark a side to make a claim alone: the least number of its occurrences in an opinion
 * and their share (the lexicon's own bar is for the side of a claim found otherwise). */
const CLAIM_BAR = { count: 3, rate: 0.5 };

/** Auxiliaries and adverbs between a subject and its verb: "has long", "is deeply", "are". */
const AUX_TAIL = /(?:\s+(?:has|have|had|is|are|was|were|am|will|also|again|now|long|still|already|always|(?:\p{Ll}{3,}ly)))+\s*$/u;
/** What before the verb makes it no finite verb of the subject: an infinitive, a modal of doubt, a passive agent. */
const NOT_FINITE = /\b(?:to|would|could|might|by|not|n't|never)\s*$/i;

const COPULA = /\b(?:is|are|was|were|am|be|been|being)\s+(?:\p{Ll}+ly\s+)?$/u;

/** A verb of the subject: an active form ("attacked", "wants", "seek"; not a plural noun, "critics"), or a
 * participle of feeling after a copula ("is concerned"). Not a passive ("was accused of", "was welcomed by"),
 * nor a feeling caused ("Cuba angered Washington" is Washington's anger). */
function verbLike(w: string, before: string): boolean {
  const tags = lexTags(w);
  const feeling = FEELINGS.test(w);
  if (COPULA.test(before)) return feeling;
  if (feeling) return false;
  if (/ed$/.test(w)) return true;
  return tags.some((t) => t === 'PresentTense' || t === 'Infinitive' || (t === 'PastTense' && !/s$/.test(w)));
}

/**
 * The first opinion-verb claim of sentence `s` (`ms`: the sentence of the masked text, quotes blotted out), or
 * null. `resolve` names the subject; `make` makes the claim (and marks its cue used).
 */
export function opinionVerbClaim(text: string, s: Sentence, ms: string, used: ReadonlySet<number>, resolve: (start: number, end: number) => Speaker | null, make: Make): RawClaim | null {
  const toks = tokenize(text.slice(s.start, s.end), s.start);
  for (let i = 1; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!/^\p{Ll}+$/u.test(t.text) || used.has(t.start) || ms[t.start - s.start] === '\u2588') continue;
    const side = opinionSide(opinionLexicon(), stemOf(t.text), CLAIM_BAR);
    if (!side) continue;
    const before = ms.slice(0, t.start - s.start);
    if (!verbLike(t.text, before) || NOT_FINITE.test(before) || /^(?:the|a|an|its|their|his|her|our)$/.test(lower(toks[i - 1]))) continue;
    const np = subjectBefore(ms, before.replace(AUX_TAIL, ''));
    if (!np || !objectOf(toks, i)) continue;
    const speaker = resolve(s.start + np.start, s.start + np.end);
    const c = make(OPINION_VERB_RULE, 'stance', speaker, { start: t.start, end: t.end }, trimSpan(text, t.end, s.end), 0.5, side);
    if (c) return c;
  }
  return null;
}
