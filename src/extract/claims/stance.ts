// Stance of a claim toward its target, from a small lexicon with negation ("do not target", "nor do
// they have any violations" read as a defence), and the target: the first other entity in the content.
import type { ClaimTarget, Stance, Target } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import type { Sentence } from '../sentences.js';
import { lastWord, type RawClaim } from './phrases.js';
import { lowerBound } from '../sorted.js';
import { type MentionIndex, mentionIndex, mentionTarget } from './mention-index.js';
import { STANCE_FORMS } from './lexicon.js';
import { opinionOf } from './opinion-target.js';
import { phraseTarget } from './phrase-target.js';
import { learnedStance } from './relations.js';
import { resolveSpeaker, type SpeakerContext } from './speaker.js';

const OPPOSE = /\b(bad|worse|worst|oppos\w*|condemn\w*|protest\w*|violat\w*|interfer\w*|abus\w*|suppress\w*|groundless|baseless|excuse|double standards?|disappoint\w*|wrong\w*|illegal\w*|unfair\w*|unjust\w*|reject\w*|critici[sz]\w*|slander\w*|smear\w*|hinder\w*|undermin\w*|discredit\w*|rescind|hypocri\w*|bully\w*|coerci\w*|threat\w*|attack\w*|lies|lying|false\w*|denounc\w*|blame\w*|accus\w*|outrage\w*|unacceptable|irresponsible|dangerous|reckless|harm\w*|fail\w*|mistakes?|waste\w*|objection\w*|concern(?:s|ed)?|worr(?:y|ied|ies)|fears?|feared|shortage\w*|block\w*|(?:go|take \w+|challenge \w+|fight \w+) (?:to|in) court|sue|lawsuit|legal action|corrupt\w*|fraud\w*|disgrace\w*|shame\w*|betray\w*|repress\w*|surveillance|monitor|spy\w*|against)\b/gi;
const SUPPORT = /\b(support\w*|welcom\w*|prais\w*|endors\w*|applaud\w*|commend\w*|legally|lawful\w*|legitimate|abides?|complies|comply|recogni[sz]ed|harmon\w*|strengthen\w*|improv\w*|benefit\w*|success\w*|great|excellent|proud|trust\w*|in line with|peace\w*|progress|positive|helpful|valuable|good|pleased|victory|victories|historic|restor\w*|right thing|accept\w*|call(?:s|ed)? for)\b/gi;
const NEGATION = /\b(not|no|nor|never|without|n't|neither|none|nothing)\b/i;

const VERB_FORM = /^(oppos|condemn|protest|reject|critici|denounc|accus|blam|support|welcom|prais|endors|applaud|commend|accept)/i;

/** Counts stance words; a negated one counts against. A stance verb whose object is the speaker itself
 * ("… has rejected a proposal by <speaker>") is someone else's stance, reported: it does not count. */
function score(content: string, re: RegExp, speakerNames: string[]): number {
  let n = 0;
  // where each name last occurs: "named after the match" without a search of the rest per match
  const lastAt = speakerNames.map((name) => content.lastIndexOf(name));
  for (const m of content.matchAll(re)) {
    const after = (m.index ?? 0) + m[0].length;
    if (VERB_FORM.test(m[0]) && lastAt.some((at) => at >= after)) continue;
    const before = content.slice(Math.max(0, (m.index ?? 0) - 80), m.index ?? 0);
    const clause = before.split(/[,;.]/).at(-1) ?? '';
    n += NEGATION.test(clause) ? -1 : 1;
  }
  return n;
}

/** Cues that state a wish for what follows ("called for a ceasefire", "urged Japan to follow"); not a hope,
 * which news reports of a government as no side ("Beijing hoped the talks would …"). */
const WANT_CUE = /\b(?:wants?|wanted|wish(?:es|ed)?|urg(?:e|es|ed|ing)|call(?:s|ed|ing)? (?:for|on)|appeal(?:s|ed)? (?:for|to)|ask(?:s|ed)? for|demand(?:s|ed)?|advis(?:e|es|ed))\b/i;
/** Cues that state unease with what follows ("expressed concern about", "warned against", "is accused"). */
const AVERSE_CUE = /\b(?:concern(?:s|ed)?|worr(?:y|ies|ied)|fear(?:s|ed)?|warn(?:s|ed|ing)? against|accus(?:e|es|ed|ing)|slams?|slammed|refus(?:e|es|ed)|declin(?:e|es|ed))\b/i;

/** The lexicon's count of oppose words less support words (a side in the cue counts two). */
function stanceScore(claim: RawClaim, content: string, speakerNames: string[], cue: string): number {
  const cueSide = claim.cueStance ?? (AVERSE_CUE.test(cue) ? 'oppose' : WANT_CUE.test(cue) ? 'support' : undefined);
  const base = cueSide === 'oppose' ? 2 : cueSide === 'support' ? -2 : 0;
  if (/\?["”’']?\s*$/.test(content) && /\balso\b/i.test(content)) return 2; // rhetorical "are these also designed to...?"
  return base + score(content, OPPOSE, speakerNames) - score(content, SUPPORT, speakerNames);
}

/** The side of a lexicon count: more oppose words, oppose; more support words, support. */
const sideOfScore = (net: number): Stance => (net > 0 ? 'oppose' : net < 0 ? 'support' : 'neutral');

const LOCATIVE = /\b(?:in|at|near|outside|from|across|on|inside|around|to)\s+(?:the\s+)?$/i;
const ACTION_NOUNS = /^(decision|move|list|ban|closure|plan|policy|measure|measures|sanctions|blacklist|blacklisting|ruling|approval|law|bill|rule|rules|curbs|restrictions|tariffs|offer|proposal|deal|action|step|order|verdict)$/i;
const SCORED = ['person', 'organization', 'place'];

const OPENING = /^(?:[\p{Lu}\s,.]+\s+[\u2014\u2013-]+\s+)?(?:the\s+)?/iu;

/** The entity that opens a sentence as its subject ("OTTAWA — The Bank of Canada kept …"). */
function subjectOf(text: string, s: Sentence, index: MentionIndex): EntityMention | undefined {
  const skip = OPENING.exec(text.slice(s.start, s.end))?.[0].length ?? 0;
  return index.firstStarting(s.start + skip, s.start + skip + 1, (m) => m.end <= s.end);
}

interface Subjects {
  of(i: number): EntityMention | undefined;
  /** The last sentence before `i` whose subject is an organization or a place other than `speakerId`. */
  lastOther(i: number, speakerId: string | null): EntityMention | undefined;
}

/**
 * Sentence subjects, found once per article (claims about "the decision" look back over the sentences
 * before them), with, for each sentence, the last one up to it whose subject is an organization or a
 * place, and the last one before that whose subject is another entity: the subject that is not the
 * speaker is one of the two, so a look back is two steps, not one per earlier sentence.
 */
function subjects(text: string, sentences: Sentence[], index: MentionIndex): Subjects {
  const subj: (EntityMention | undefined | null)[] = new Array(sentences.length).fill(null);
  const of = (i: number) => {
    let m = subj[i];
    if (m === null) {
      m = subjectOf(text, sentences[i] as Sentence, index);
      subj[i] = m;
    }
    return m;
  };
  let last: Int32Array | null = null;
  let lastDifferent: Int32Array | null = null;
  return {
    of,
    lastOther(i, speakerId) {
      if (!last || !lastDifferent) {
        last = new Int32Array(sentences.length);
        lastDifferent = new Int32Array(sentences.length);
        let l = -1;
        let d = -1;
        sentences.forEach((_, k) => {
          const m = of(k);
          if (m && SCORED.includes(m.entity.type) && m.entity.type !== 'person') {
            if (l >= 0 && of(l)?.entity.id !== m.entity.id) d = l;
            l = k;
          }
          (last as Int32Array)[k] = l;
          (lastDifferent as Int32Array)[k] = d;
        });
      }
      if (i < 0) return undefined;
      const k = last[i] as number;
      const pick = k >= 0 && of(k)?.entity.id === speakerId ? (lastDifferent[i] as number) : k;
      return pick >= 0 ? of(pick) : undefined;
    },
  };
}

const subjectsOf = new WeakMap<Sentence[], Subjects>();

/** Targets that are only the first entity the content names: no more than mentioned, maybe. */
const onlyNamed = new WeakSet<Target>();

/** Whom the claim is aimed at: an agent ("by Tanzania"), the first entity in the content that is neither
 * the speaker nor a location, a description resolved like a speaker ("the company"), or, for "the decision",
 * whoever took it: the subject of the last sentence that mentioned it, or of the last sentence before. */
export function targetOf(claim: RawClaim, inp: SpeakerContext & { sentences: Sentence[] }, stance: Stance): Target | null {
  const { text, mentions, sentences } = inp;
  const index = mentionIndex(mentions, inp.entities);
  const speakerId = claim.speaker?.entityId ?? null;
  const other = (m: EntityMention) => m.entity.id !== speakerId && SCORED.includes(m.entity.type);
  const inContent = index.within(claim.content.start, claim.content.end).filter(other);
  const agent = inContent.find((m) => /\bby\s+(?:the\s+)?$/i.test(text.slice(m.start - 8, m.start)));
  if (agent) return mentionTarget(agent);
  const possessive = (m: EntityMention) => /^['’]s?\b/.test(text.slice(m.end, m.end + 2));
  const direct = inContent.find((m) => !possessive(m) && !(m.entity.type === 'place' && LOCATIVE.test(text.slice(m.start - 12, m.start))));
  if (direct) {
    const t = mentionTarget(direct);
    onlyNamed.add(t);
    return t;
  }
  const content = text.slice(claim.content.start, claim.content.end);
  // looking outside the content for whom a claim is aimed at is only worth it when it takes a side
  if (!claim.cueStance && stance === 'neutral') return null;
  const np = /^(?:the|this|that|its)\s+([\p{L}-]+)/iu.exec(content);
  if (!np?.[1]) return null;
  const described = resolveSpeaker(inp, claim.content.start, claim.content.start + np[0].length);
  if (described?.entityId && described.entityId !== speakerId) return { entityId: described.entityId, name: described.name, text: np[0] };
  if (!ACTION_NOUNS.test(np[1])) return null;
  let subjs = subjectsOf.get(sentences);
  if (!subjs) {
    subjs = subjects(text, sentences, index);
    subjectsOf.set(sentences, subjs);
  }
  // the sentences that end before the content, by binary search: sentences are in text order
  const before = lowerBound(sentences, claim.content.start + 1, (s) => s.end);
  const earlier = lastWith(text, sentences, before, np[1]);
  if (earlier) {
    const inIt = index.within(earlier.start, earlier.end).filter(other);
    const by = inIt.find((m) => /\bby\s+(?:the\s+)?$/i.test(text.slice(m.start - 8, m.start)));
    const subj = subjectOf(text, earlier, index);
    const pick = by ?? (subj && other(subj) ? subj : undefined);
    if (pick) return { ...mentionTarget(pick), text: np[0] };
  }
  if (!/^(decision|move|ruling|action|step|measure|measures)$/i.test(np[1])) return null;
  const subj = subjs.lastOther(before - 1, speakerId);
  return subj ? { ...mentionTarget(subj), text: np[0] } : null;
}

/** Sentences holding each action noun, found once per article and noun, in text order. */
const nounSentences = new WeakMap<Sentence[], Map<string, number[]>>();

/** The last of the first `count` sentences that holds `noun` as a word. */
function lastWith(text: string, sentences: Sentence[], count: number, noun: string): Sentence | undefined {
  let byNoun = nounSentences.get(sentences);
  if (!byNoun) {
    byNoun = new Map();
    nounSentences.set(sentences, byNoun);
  }
  const key = noun.toLowerCase();
  let holding = byNoun.get(key);
  if (!holding) {
    const re = new RegExp(`\\b${noun}\\b`, 'i');
    holding = [];
    sentences.forEach((s, i) => {
      if (re.test(text.slice(s.start, s.end))) holding?.push(i);
    });
    byNoun.set(key, holding);
  }
  const k = lowerBound(holding, count, (i) => i) - 1;
  return k >= 0 ? sentences[holding[k] as number] : undefined;
}

export interface ClaimStance {
  stance: Stance;
  target: Target | null;
  targets: ClaimTarget[];
  /** What decided `stance`: the stance model, the opinion lexicon learned from MPQA, or the rules' lexicon. */
  by: 'model' | 'opinion' | 'lexicon';
}

/** The least net count of the rules' lexicon (oppose words less support words, a side in the cue counting two)
 * for its side to be aimed at an entity the content only names. */
const LEXICON_ALONE = 2;

/**
 * A claim's stance and targets. The rules pick the main target (an agent, "the decision" → whoever took it,
 * the first entity of the content); the stance model says, for the speaker and each entity of the cue's
 * sentence, whether the speaker takes a side toward it. The model decides the stance toward the main target
 * where it takes a side toward it, and aims the claim at the entity it is surest of where the rules find
 * none; the lexicon decides elsewhere. Every entity the model takes a side toward is in `targets`.
 */
export function claimStance(inp: SpeakerContext & { sentences: Sentence[] }, c: RawClaim, content: string, speakerNames: string[]): ClaimStance {
  const found = entityStance(inp, c, content, speakerNames);
  if (found.by === 'lexicon') {
    // no side the stance model takes toward an entity: an opinion word of the cue or content, learned from
    // MPQA, takes one toward what it governs before the rules' lexicon does
    const op = opinionOf(inp, [c.cue, c.content], c.speaker?.entityId ?? null);
    if (op) {
      // an object that is a pronoun stands for the target the rules found, if any, and so does a description
      // they resolved ("criticized the company" → Veltrona, "the decision" → whoever took it)
      const described = !!found.target?.text && !op.target?.entityId && !!op.target?.text?.includes(found.target.text);
      const target = op.target && !described ? op.target : found.target;
      const rest = found.targets.filter((t) => !t.entityId || t.entityId !== target?.entityId);
      return { stance: op.stance, target, targets: target ? [{ ...target, stance: op.stance }, ...rest] : rest, by: 'opinion' };
    }
    // and where the rules' lexicon alone has one word of a side ("a victory", "would harm"), the speaker takes
    // that side, but toward no entity the content only names nor the phrase it opens with: the word says little
    // of toward whom (MPQA train: 29 of 249 claims so aimed were right). More words, a side in the cue, or a
    // target the rules resolved (an agent, a description) keep the target.
    const weak = found.stance !== 'neutral' && Math.abs(found.net ?? 0) < LEXICON_ALONE;
    if (weak && (!found.target || onlyNamed.has(found.target))) {
      const named = found.target;
      return { ...found, target: null, targets: named ? found.targets.filter((t) => t.entityId !== named.entityId) : found.targets };
    }
  }
  if (found.stance === 'neutral') return found;
  // a side taken toward no entity is taken toward what the content opens with: "criticised the election process"
  const phrase = phraseTarget(inp.text, c.content);
  if (!phrase) return found;
  if (found.target) {
    // the object of the cue itself ("denounced the policy, to the displeasure of MPs") is what the side is
    // taken toward, unless it names an entity ("criticised the decision of the court"): an entity further on
    // is only mentioned
    const cueWord = lastWord(inp.text, c.cue);
    // (not "back" or "slam": as often a noun, "back in 2015", "a grand slam")
    const object = STANCE_FORMS.has(cueWord) && cueWord !== 'back' && cueWord !== 'slam' && /^\s*$/.test(inp.text.slice(c.cue.end, c.content.start));
    const speakerId = c.speaker?.entityId ?? null;
    let named = false;
    // mentions are in text order: those that may overlap the phrase start shortly before it
    for (let i = lowerBound(inp.mentions, phrase.start - 200, (m) => m.start); i < inp.mentions.length && !named; i++) {
      const m = inp.mentions[i] as EntityMention;
      if (m.start >= phrase.reach) break;
      named = phrase.start < m.end && m.entity.id !== speakerId;
    }
    // a description the rules resolved ("the company" → Veltrona, "the decision" → whoever took it) is the phrase
    const described = !!found.target.text && inp.text.slice(phrase.start, phrase.reach).includes(found.target.text);
    // "his nominee", "their leader": a phrase about someone, who the entity found likely is
    if (!object || named || described || /^(?:his|her|their|its)\s/i.test(phrase.text)) return found;
  }
  const target: Target = { entityId: null, name: null, text: phrase.text };
  return { ...found, target, targets: [{ ...target, stance: found.stance }, ...found.targets] };
}

/** A claim's stance as the model or the rules' lexicon finds it; where the lexicon decided, its count (`net`). */
function entityStance(inp: SpeakerContext & { sentences: Sentence[] }, c: RawClaim, content: string, speakerNames: string[]): ClaimStance & { net?: number } {
  const learned = learnedStance(inp, c);
  const first = learned?.targets[0];
  if (learned?.made && first) return { stance: first.stance, target: targetPart(first), targets: learned.targets, by: 'model' };
  const net = stanceScore(c, content, speakerNames, inp.text.slice(c.cue.start, c.cue.end));
  const lexicon = sideOfScore(net);
  const ruled = targetOf(c, inp, first?.stance ?? lexicon);
  if (!learned) return { stance: lexicon, target: ruled, targets: ruled ? [{ ...ruled, stance: lexicon }] : [], by: 'lexicon', net };
  if (!ruled) return first ? { stance: first.stance, target: targetPart(first), targets: learned.targets, by: 'model' } : { stance: lexicon, target: null, targets: [], by: 'lexicon', net };
  const rest = learned.targets.filter((t) => t.entityId !== ruled.entityId);
  // the model's side toward the rules' target stands; where it takes none, the lexicon's
  const side = ruled.entityId ? learned.targets.find((t) => t.entityId === ruled.entityId) : undefined;
  if (side) return { stance: side.stance, target: ruled, targets: [{ ...ruled, stance: side.stance }, ...rest], by: 'model' };
  // the model takes a side toward another entity of the sentence and none toward the rules' target: "Clinton has
  // criticized proposals from Republican candidates for bombing ISIS" is aimed at the Republicans, not ISIS
  if (first) return { stance: first.stance, target: targetPart(first), targets: [...learned.targets, { ...ruled, stance: lexicon }], by: 'model' };
  return { stance: lexicon, target: ruled, targets: [{ ...ruled, stance: lexicon }, ...rest], by: 'lexicon', net };
}

const targetPart = (t: ClaimTarget): Target => ({ entityId: t.entityId, name: t.name, text: t.text });
