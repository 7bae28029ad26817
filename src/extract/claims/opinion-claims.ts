// Stance claims from an opinion verb with a named subject where no claim holds the verb: "Rice attacked the
// Palestinian leadership", "Washington has long called for free elections", "environmentalists warn the plan
// …". The verb is a word the opinion lexicon learned from MPQA marks as a side, used as a verb; the holder is
// the entity named just before it; what it is aimed at is the phrase it governs (./opinion-target.ts).
import { lexTags } from '../entities/lexicon.js';
import type { EntityMention } from '../entities/index.js';
import { type Token, tokenize } from '../tokens.js';
import { mentionIndex } from './mention-index.js';
import { OPINION_MODEL, opinionLexicon, opinionSide, stemOf } from './opinion-lexicon.js';
import { lower, NEGATIONS, objectOf } from './opinion-target.js';
import { type RawClaim, type Span, trimSpan } from './phrases.js';
import type { StanceInput } from './relations.js';

export const OPINION_RULE = 'opinion-verb';

/** What may stand between a subject and its verb: auxiliaries, negations and adverbs ("has long called for"). */
const BETWEEN = /^(?:\s+(?:has|have|had|is|are|was|were|will|would|could|may|might|also|again|now|long|still|already|not|never|(?:\p{Ll}{3,}ly)))*\s+$/u;
/** Clause ends: a claim's content stops at the first after the verb. */
const CLAUSE_END = /[;:\u2014]|,\s+(?:but|while|whereas|although|though|and)\b/;
/** The hand-set confidence (PolNeAR has too few such claims to calibrate it). */
const CONFIDENCE = 0.5;

/** A verb form: a finite or participle form the lexicon knows, or a word with a verb's ending. */
const isVerbForm = (w: string) => /^\p{Ll}+$/u.test(w) && (/^\p{Ll}{3,}(?:ed|es|s)$/u.test(w) || lexTags(w).some((t) => t === 'PastTense' || t === 'PresentTense' || t === 'Infinitive'));

const inside = (spans: readonly Span[], at: Span) => spans.some((s) => s.start < at.end && at.start < s.end);

/** Opinion-verb claims of an article, none at a word another claim's speaker, cue or content holds. */
export function opinionClaims(inp: StanceInput, existing: readonly RawClaim[]): RawClaim[] {
  const lexicon = opinionLexicon();
  const idx = mentionIndex(inp.mentions, inp.entities);
  const held: Span[] = [];
  for (const c of existing) {
    held.push(c.cue, c.content);
    if (c.speaker) held.push(c.speaker);
  }
  const out: RawClaim[] = [];
  for (const s of inp.sentences) {
    const toks = tokenize(inp.text.slice(s.start, s.end), s.start);
    for (let i = 1; i < toks.length; i++) {
      const t = toks[i] as Token;
      const side = isVerbForm(t.text) ? opinionSide(lexicon, stemOf(t.text)) : null;
      if (!side || inside(held, t)) continue;
      // the subject: the last name before the verb with only auxiliaries and adverbs between
      const before = idx.within(s.start, t.start);
      const subject: EntityMention | undefined = before.at(-1);
      if (!subject || !BETWEEN.test(inp.text.slice(subject.end, t.start)) || inside(held, subject)) continue;
      const np = objectOf(toks, i);
      if (!np) continue;
      const tail = inp.text.slice(t.end, s.end);
      const stop = CLAUSE_END.exec(tail);
      const objectEnd = (toks[np[1] - 1] as Token).end;
      const content = trimSpan(inp.text, t.end, stop && t.end + stop.index >= objectEnd ? t.end + stop.index : s.end);
      if (content.end - content.start < 3) continue;
      const negated = toks.slice(Math.max(0, i - 3), i).some((x) => NEGATIONS.has(lower(x)));
      out.push({
        kind: 'stance',
        speaker: { entityId: subject.entity.id, name: subject.entity.name, text: subject.text, start: subject.start, end: subject.end },
        cue: { start: t.start, end: t.end },
        content,
        cueStance: negated ? (side === 'support' ? 'oppose' : 'support') : side,
        confidence: CONFIDENCE,
        rule: OPINION_RULE,
        model: OPINION_MODEL,
      });
      held.push(t);
    }
  }
  return out;
}
