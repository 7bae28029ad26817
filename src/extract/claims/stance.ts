// Stance of a claim toward its target, from a small lexicon with negation ("do not target", "nor do
// they have any violations" read as a defence), and the target: the first other entity in the content.
import type { Stance, Target } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import type { Sentence } from '../sentences.js';
import type { RawClaim } from './phrases.js';
import { resolveSpeaker, type SpeakerContext } from './speaker.js';

const OPPOSE = /\b(bad|worse|worst|oppos\w*|condemn\w*|protest\w*|violat\w*|interfer\w*|abus\w*|suppress\w*|groundless|baseless|excuse|double standards?|disappoint\w*|wrong\w*|illegal\w*|unfair\w*|unjust\w*|reject\w*|critici[sz]\w*|slander\w*|smear\w*|hinder\w*|undermin\w*|discredit\w*|rescind|hypocri\w*|bully\w*|coerci\w*|threat\w*|attack\w*|lies|lying|false\w*|denounc\w*|blame\w*|accus\w*|outrage\w*|unacceptable|irresponsible|dangerous|reckless|harm\w*|fail\w*|mistakes?|waste\w*|objection\w*|shortage\w*|block\w*|(?:go|take \w+|challenge \w+|fight \w+) (?:to|in) court|sue|lawsuit|legal action|corrupt\w*|fraud\w*|disgrace\w*|shame\w*|betray\w*|repress\w*|surveillance|monitor|spy\w*|against)\b/gi;
const SUPPORT = /\b(support\w*|welcom\w*|prais\w*|endors\w*|applaud\w*|commend\w*|legally|lawful\w*|legitimate|abides?|complies|comply|recogni[sz]ed|harmon\w*|strengthen\w*|improv\w*|benefit\w*|success\w*|great|excellent|proud|trust\w*|in line with|peace\w*|progress|positive|helpful|valuable|good|pleased|victory|victories|historic|restor\w*|right thing|accept\w*)\b/gi;
const NEGATION = /\b(not|no|nor|never|without|n't|neither|none|nothing)\b/i;

const VERB_FORM = /^(oppos|condemn|protest|reject|critici|denounc|accus|blam|support|welcom|prais|endors|applaud|commend|accept)/i;

/** Counts stance words; a negated one counts against. A stance verb whose object is the speaker itself
 * ("… has rejected a proposal by <speaker>") is someone else's stance, reported: it does not count. */
function score(content: string, re: RegExp, speakerNames: string[]): number {
  let n = 0;
  for (const m of content.matchAll(re)) {
    if (VERB_FORM.test(m[0]) && speakerNames.some((name) => content.slice((m.index ?? 0) + m[0].length).includes(name))) continue;
    const before = content.slice(Math.max(0, (m.index ?? 0) - 80), m.index ?? 0);
    const clause = before.split(/[,;.]/).at(-1) ?? '';
    n += NEGATION.test(clause) ? -1 : 1;
  }
  return n;
}

export function stanceOf(claim: RawClaim, content: string, speakerNames: string[] = []): Stance {
  const base = claim.cueStance === 'oppose' ? 2 : claim.cueStance === 'support' ? -2 : 0;
  const net = base + score(content, OPPOSE, speakerNames) - score(content, SUPPORT, speakerNames);
  if (/\?\s*$/.test(content) && /\balso\b/i.test(content)) return 'oppose'; // rhetorical "are these also designed to...?"
  return net > 0 ? 'oppose' : net < 0 ? 'support' : 'neutral';
}

const LOCATIVE = /\b(?:in|at|near|outside|from|across|on|inside|around|to)\s+(?:the\s+)?$/i;
const ACTION_NOUNS = /^(decision|move|list|ban|closure|plan|policy|measure|measures|sanctions|blacklist|blacklisting|ruling|approval|law|bill|rule|rules|curbs|restrictions|tariffs|offer|proposal|deal|action|step|order|verdict)$/i;
const SCORED = ['person', 'organization', 'place'];

/** The entity that opens a sentence as its subject ("OTTAWA — The Bank of Canada kept …"). */
function subjectOf(text: string, s: Sentence, mentions: EntityMention[]): EntityMention | undefined {
  const body = text.slice(s.start, s.end);
  const skip = /^(?:[\p{Lu}\s,.]+\s+[\u2014\u2013-]+\s+)?(?:the\s+)?/iu.exec(body)?.[0].length ?? 0;
  return mentions.find((m) => m.start >= s.start + skip && m.start <= s.start + skip + 1 && m.end <= s.end);
}

/** Whom the claim is aimed at: an agent ("by Tanzania"), the first entity in the content that is neither
 * the speaker nor a location, a description resolved like a speaker ("the company"), or, for "the decision",
 * whoever took it: the subject of the last sentence that mentioned it, or of the last sentence before. */
export function targetOf(claim: RawClaim, inp: SpeakerContext & { sentences: Sentence[] }, stance: Stance): Target | null {
  const { text, mentions, sentences } = inp;
  const speakerId = claim.speaker?.entityId ?? null;
  const toTarget = (m: EntityMention): Target => ({ entityId: m.entity.id, name: m.entity.name, text: m.text });
  const other = (m: EntityMention) => m.entity.id !== speakerId && SCORED.includes(m.entity.type);
  const inContent = mentions.filter((m) => m.start >= claim.content.start && m.end <= claim.content.end && other(m));
  const agent = inContent.find((m) => /\bby\s+(?:the\s+)?$/i.test(text.slice(m.start - 8, m.start)));
  if (agent) return toTarget(agent);
  const possessive = (m: EntityMention) => /^['’]s?\b/.test(text.slice(m.end, m.end + 2));
  const direct = inContent.find((m) => !possessive(m) && !(m.entity.type === 'place' && LOCATIVE.test(text.slice(m.start - 12, m.start))));
  if (direct) return toTarget(direct);
  const content = text.slice(claim.content.start, claim.content.end);
  // looking outside the content for whom a claim is aimed at is only worth it when it takes a side
  if (!claim.cueStance && stance === 'neutral') return null;
  const np = /^(?:the|this|that|its)\s+([\p{L}-]+)/iu.exec(content);
  if (!np?.[1]) return null;
  const described = resolveSpeaker(inp, claim.content.start, claim.content.start + np[0].length);
  if (described?.entityId && described.entityId !== speakerId) return { entityId: described.entityId, name: described.name, text: np[0] };
  if (!ACTION_NOUNS.test(np[1])) return null;
  const before = sentences.filter((s) => s.end <= claim.content.start);
  const noun = new RegExp(`\\b${np[1]}\\b`, 'i');
  const earlier = [...before].reverse().find((s) => noun.test(text.slice(s.start, s.end)));
  if (earlier) {
    const inIt = mentions.filter((m) => m.start >= earlier.start && m.end <= earlier.end && other(m));
    const by = inIt.find((m) => /\bby\s+(?:the\s+)?$/i.test(text.slice(m.start - 8, m.start)));
    const subj = subjectOf(text, earlier, mentions);
    const pick = by ?? (subj && other(subj) ? subj : undefined);
    if (pick) return { ...toTarget(pick), text: np[0] };
  }
  if (!/^(decision|move|ruling|action|step|measure|measures)$/i.test(np[1])) return null;
  for (const s of [...before].reverse()) {
    const subj = subjectOf(text, s, mentions);
    if (subj && other(subj) && subj.entity.type !== 'person') return { ...toTarget(subj), text: np[0] };
  }
  return null;
}
