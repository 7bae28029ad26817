// Stance of a claim toward its target, from a small lexicon with negation ("do not target", "nor do
// they have any violations" read as a defence), and the target: the first other entity in the content.
import type { Stance, Target } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import type { RawClaim } from './patterns.js';

const OPPOSE = /\b(oppos\w*|condemn\w*|protest\w*|violat\w*|interfer\w*|abus\w*|suppress\w*|groundless|baseless|excuse|double standards?|disappoint\w*|wrong\w*|illegal\w*|unfair\w*|unjust\w*|reject\w*|critici[sz]\w*|slander\w*|smear\w*|hinder\w*|undermin\w*|discredit\w*|rescind|hypocri\w*|bully\w*|coerci\w*|threat\w*|attack\w*|lies|lying|false\w*|denounc\w*|blame\w*|accus\w*|outrage\w*|unacceptable|irresponsible|dangerous|reckless|harm\w*|damag\w*|fail\w*|corrupt\w*|fraud\w*|disgrace\w*|shame\w*|betray\w*|repress\w*|surveillance|monitor|spy\w*|against)\b/gi;
const SUPPORT = /\b(support\w*|welcom\w*|prais\w*|endors\w*|applaud\w*|commend\w*|legally|lawful\w*|legitimate|abides?|complies|comply|recogni[sz]ed|harmon\w*|strengthen\w*|improv\w*|benefit\w*|success\w*|great|excellent|proud|trust\w*|in line with|peace\w*|progress|positive|helpful|valuable|good)\b/gi;
const NEGATION = /\b(not|no|nor|never|without|n't|neither|none|nothing)\b/i;

function score(content: string, re: RegExp): number {
  let n = 0;
  for (const m of content.matchAll(re)) {
    const before = content.slice(Math.max(0, (m.index ?? 0) - 80), m.index ?? 0);
    const clause = before.split(/[,;.]/).at(-1) ?? '';
    n += NEGATION.test(clause) ? -1 : 1;
  }
  return n;
}

export function stanceOf(claim: RawClaim, content: string): Stance {
  const base = claim.cueStance === 'oppose' ? 2 : claim.cueStance === 'support' ? -2 : 0;
  const net = base + score(content, OPPOSE) - score(content, SUPPORT);
  if (/\?\s*$/.test(content) && /\balso\b/i.test(content)) return 'oppose'; // rhetorical "are these also designed to...?"
  return net > 0 ? 'oppose' : net < 0 ? 'support' : 'neutral';
}

export function targetOf(claim: RawClaim, mentions: EntityMention[], text: string): Target | null {
  const speakerId = claim.speaker?.entityId ?? null;
  const inContent = mentions.filter(
    (m) => m.start >= claim.content.start && m.end <= claim.content.end && m.entity.id !== speakerId && ['person', 'organization', 'place'].includes(m.entity.type),
  );
  // a possessive place ("China's internal affairs") is rarely whom the claim is aimed at
  const pick = inContent.find((m) => !/^['’]s/.test(text.slice(m.end, m.end + 2))) ?? inContent[0];
  if (!pick) return null;
  return { entityId: pick.entity.id, name: pick.entity.name, text: pick.text };
}
