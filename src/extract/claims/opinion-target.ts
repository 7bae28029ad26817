// The opinion a claim states and what it is aimed at: the first word of its cue or content that the opinion
// lexicon learned from MPQA marks as a side ("criticized", "concern", "welcomed", "wants") and the noun phrase
// that word governs ("criticized the election process", "concern about the treatment of prisoners", "wants to
// end the sanctions"). Opinions in news are as often aimed at a policy, an event or a statement as at a name:
// where the phrase holds an entity, the entity is the target; else the phrase is.
import type { Target } from '../../record.js';
import { lexTags } from '../entities/lexicon.js';
import { type Token, tokenize } from '../tokens.js';
import { mentionIndex, mentionTarget } from './mention-index.js';
import { FEELINGS } from './lexicon.js';
import { type OpinionLexicon, opinionLexicon, opinionSide, stemOf } from './opinion-lexicon.js';
import { afinn, vaderValence } from './sentiment.js';
import type { Span } from './phrases.js';
import { nounPhrase } from './phrase-target.js';
import type { SpeakerContext } from './types.js';

export interface Opinion {
  stance: 'support' | 'oppose';
  /** Null where the object is a pronoun ("we firmly oppose this"): whom it stands for is the rules' to find. */
  target: Target | null;
  /** The opinion word. */
  expression: Span;
}

/** Words between an opinion word and its object: prepositions, a complementizer, "to" before a verb. */
const LINKS = new Set(['of', 'about', 'over', 'at', 'for', 'against', 'to', 'on', 'with', 'toward', 'towards', 'that', 'in', 'into', 'upon', 'from']);
const CLOSING = /^["”’']$/;
const NEGATIONS = new Set(['not', "n't", 'no', 'never', 'without', 'nor']);
/** Link words skipped at most before the object. */
const MAX_LINKS = 3;
/** Words of a claim read at most: an opinion far into a long content is seldom the claim's. */
const MAX_TOKENS = 80;
/** Characters after an opinion word read for its object. */
const OBJECT_CHARS = 160;

export const lower = (t: Token | undefined) => (t?.text ?? '').toLowerCase().replace(/’/g, "'");
const isVerb = (w: string) => lexTags(w).includes('Infinitive');
/** The first token from `k` on that is no closing quote mark: 'expressed "strong protest" over the list'. */
const pastQuotes = (toks: readonly Token[], k: number): number => {
  let j = k;
  while (CLOSING.test(toks[j]?.text ?? '')) j++;
  return j;
};

/** The object phrase of the opinion word at token `i` (`prev`: the word before it): [first, last) token indexes, or null. */
export function objectOf(toks: readonly Token[], i: number, prev = lower(toks[i - 1])): [number, number] | null {
  let k = pastQuotes(toks, i + 1);
  // "was criticized by X", "is feared by X": X holds the opinion, what it is aimed at came before
  if (lower(toks[k]) === 'by') return null;
  // a noun after a determiner ("the complaint box", "a protest movement") takes its object with a link only
  if (NOUN_BEFORE.has(prev) && !LINKS.has(lower(toks[k]))) return null;
  for (let links = 0; links < MAX_LINKS && k < toks.length; links++) {
    const w = lower(toks[k]);
    if (!LINKS.has(w)) break;
    // "warned that the farms would close": a clause, an event the side is taken on, aimed at no one in it
    if (w === 'that') return null;
    k++;
    // "wants to end the sanctions": the verb goes with "to"
    if (w === 'to' && isVerb(lower(toks[k]))) k++;
    // "protested against being left off the list": a passive verb goes with the link
    if (/^(?:being|been)$/.test(lower(toks[k])) && /ed$/.test(lower(toks[k + 1]))) k += 2;
  }
  const np = nounPhrase(toks, k);
  if (!np) return null;
  // the subject of a clause ("hoped the talks would ease …", "urged the bank to cut rates"): the same; not an
  // infinitive that belongs to the noun ("welcomed the offer to share data")
  const next = lower(toks[np[1]]);
  if (CLAUSE_VERB.test(next) || (next === 'to' && CONTROL.test(stemOf(lower(toks[i]))))) return null;
  return np;
}

/** Between a name and its verb: up to two words of the name's phrase ("port authority") and auxiliaries. */
const OWN_SUBJECT = /^(?:\s+\p{Ll}+){0,2}(?:\s+(?:has|have|had|is|are|was|were|will|would|also|never|not))*\s+$/u;

/** A content that opens with a subject of its own, not a pronoun that may be the speaker, and its verb next:
 * "(Okafor said) the harbor board had rejected …". */
const OPENING_SUBJECT = /^(?:that\s+)?(?!(?:he|she|they|it|we|i|you)\b)(?:the|a|an|its|their|his|her)\s+(?:[\p{L}'’-]+\s+){0,4}?(?:has|have|had|is|are|was|were|will|would)?\s*$/iu;

/** Words before a word that make it a noun. */
const NOUN_BEFORE = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'their', 'his', 'her', 'our', 'my', 'your']);

/** Words after a noun phrase that make it a clause's subject: a modal, an auxiliary. */
const CLAUSE_VERB = /^(?:would|will|could|can|should|may|might|must|is|are|was|were|had|has|have)$/;
/** Stems of verbs whose object does what follows "to": "urged the bank to cut", "wants Japan to follow". */
const CONTROL = /^(?:urg|ask|want|call|invit|encourag|press|allow|forc|tell|told|persuad|expect|need|wish|help|advis|order|hope|demand|appeal|warn)$/;

/** Links after a participle of feeling: "disappointed with the decision", "alarmed at the rise". */
const FEELING_LINKS = new Set(['with', 'by', 'at', 'about', 'over']);

/** The side the word at `i` marks: the learned lexicon's, else a participle of feeling's with its link, by the
 * valence of the word (AFINN and VADER: "disappointed" −, "pleased" +). */
function sideOf(lexicon: OpinionLexicon, toks: readonly Token[], i: number): 'support' | 'oppose' | null {
  const w = lower(toks[i]);
  const side = opinionSide(lexicon, stemOf(w));
  if (side || !FEELINGS.test(w) || !/ed$/.test(w) || !FEELING_LINKS.has(lower(toks[pastQuotes(toks, i + 1)]))) return side;
  const valence = afinn(w) + 3 * vaderValence(w);
  return valence > 0 ? 'support' : valence < 0 ? 'oppose' : null;
}

/** The side, turned by a negation just before the word: "did not welcome". */
const turned = (toks: readonly Token[], i: number, side: 'support' | 'oppose'): 'support' | 'oppose' =>
  toks.slice(Math.max(0, i - 3), i).some((x) => NEGATIONS.has(lower(x))) ? (side === 'support' ? 'oppose' : 'support') : side;

/** An object that is a pronoun: "oppose this", "welcomed it". */
const PRONOUN_OBJECT = /^\s+(?:this|that|it|them|these|those|him|her)(?:\s*[\p{P}]|\s+(?:and|or|but|because|as|if|when|since|in|at|on|from)\b|\s*$)/u;

/**
 * The first opinion of `spans` (the cue, then the content) with an object: its side and its target. Null where
 * the claim holds none.
 */
export function opinionOf(inp: SpeakerContext, spans: readonly Span[], speakerId: string | null): Opinion | null {
  const lexicon = opinionLexicon();
  const index = mentionIndex(inp.mentions, inp.entities);
  let read = 0;
  for (const span of spans) {
    const toks = tokenize(inp.text.slice(span.start, span.end), span.start);
    for (let i = 0; i < toks.length && read < MAX_TOKENS; i++, read++) {
      const t = toks[i] as Token;
      if (!/^\p{L}/u.test(t.text)) continue;
      const side = sideOf(lexicon, toks, i);
      if (!side) continue;
      // a verb with a subject of its own in the content is that subject's: "(X said) the port authority has
      // rejected the proposal" is the authority's rejection, told by X; and so is what follows in its clause
      const before = index.within(span.start, t.start).at(-1);
      if (before && before.entity.id !== speakerId && OWN_SUBJECT.test(inp.text.slice(before.end, t.start))) break;
      if (i > 0 && OPENING_SUBJECT.test(inp.text.slice(span.start, t.start))) break;
      // the object may run past the span (a cue's object is in the content); punctuation ends it
      const after = tokenize(inp.text.slice(t.start, t.end + OBJECT_CHARS), t.start);
      const np = objectOf(after, 0, lower(toks[i - 1]));
      if (!np) {
        if (PRONOUN_OBJECT.test(inp.text.slice(t.end, t.end + 12))) return { stance: turned(toks, i, side), target: null, expression: { start: t.start, end: t.end } };
        continue;
      }
      const start = (after[np[0]] as Token).start;
      const end = (after[np[1] - 1] as Token).end;
      const inPhrase = index.within(start, end);
      const named = inPhrase.find((m) => m.entity.id !== speakerId);
      if (!named && inPhrase.length) continue; // the speaker itself
      const stance = turned(toks, i, side);
      const target: Target = named ? mentionTarget(named) : { entityId: null, name: null, text: inp.text.slice(start, end) };
      return { stance, target, expression: { start: t.start, end: t.end } };
    }
  }
  return null;
}
