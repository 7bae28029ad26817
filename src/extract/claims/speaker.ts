// Who speaks: a noun phrase before or after a cue, resolved to an entity where the text allows. Names
// resolve to their entity; "the company" to the last company named, "the official" to the last person,
// "he"/"she" to the last person, "China's top voice recognition technology firm" to the last company;
// plural descriptions ("several listed firms") keep their text with no entity.
import type { Entity, Speaker } from '../../record.js';
import type { SpeakerContext } from './types.js';
import type { EntityMention } from '../entities/index.js';
import { lexTags, PLACE_ALIASES } from '../entities/lexicon.js';
import { type AntecedentContext, antecedent } from './antecedent.js';
import { ORG_NOUNS, PERSON_NOUNS } from './lexicon.js';
import { mentionIndex } from './mention-index.js';
import { lowerBound } from '../sorted.js';

export type { SpeakerContext };

const SCORED = new Set(['person', 'organization', 'place', 'group']);
/** A name that can speak: typed ones, and untyped names that are no demonym or acronym ("Stumpf said"). */
const canSpeak = (e: Entity) =>
  SCORED.has(e.type) ||
  (e.type === 'other' && !/^\p{Lu}{2,}$/u.test(e.name) && !lexTags(e.name).includes('Demonym') && !/(?:ian|ese|ish|can|[^su]s)$/.test(e.name));

const isPerson = (e: Entity) => e.type === 'person';
const isOrganization = (e: Entity) => e.type === 'organization';

/** The last mention before `at` whose entity passes `ok` (named by `key`) and is none of `excluded`. */
const lastBefore = (ctx: SpeakerContext, at: number, key: string, ok: (e: Entity) => boolean, excluded?: ReadonlySet<Entity>) =>
  mentionIndex(ctx.mentions, ctx.entities).lastBefore(at, key, ok, excluded);

/** How many person mentions back a role noun looks for the person it names ("Mayor Tom Reilly … the mayor"). */
const ROLE_LOOKBACK = 40;
/**
 * The last person before `at` introduced with the role noun: as a title before the name ("Mayor Tom Reilly"),
 * an apposition after it ("Tom Reilly, the mayor of Galway") or before it ("the mayor, Tom Reilly").
 */
function introducedAs(ctx: SpeakerContext, at: number, noun: string): EntityMention | undefined {
  const role = new RegExp(`\\b${noun}\\b`, 'i');
  let k = lowerBound(ctx.mentions, at, (m) => m.start) - 1;
  for (let n = 0; k >= 0 && n < ROLE_LOOKBACK; k--, n++) {
    const m = ctx.mentions[k] as EntityMention;
    if (m.entity.type !== 'person') continue;
    const before = ctx.text.slice(Math.max(0, m.start - 40), m.start).split(/[.!?;]\s/).at(-1) ?? '';
    const apposition = /^,\s+([^,.;!?]{1,60})/.exec(ctx.text.slice(m.end, Math.min(at, m.end + 62)))?.[1] ?? '';
    if (role.test(before) || role.test(apposition)) return m;
  }
  return undefined;
}

/** "The U.S. government", "Singapore government" speak for the country; a regional government does not. */
function stateOf(ctx: SpeakerContext, e: Entity): Entity {
  const m = /^(.+?)\s+(?:government|administration|authorities)$/.exec(e.name);
  if (!m?.[1] || /regional|provincial|municipal|state|local|city|county/.test(e.name)) return e;
  const base = m[1].toLowerCase();
  const canon = PLACE_ALIASES[base] ?? m[1];
  return mentionIndex(ctx.mentions, ctx.entities).placeNamed(canon, base) ?? e;
}

const speakerOf = (ctx: SpeakerContext, e: Entity | null, start: number, end: number): Speaker => {
  const resolved = e ? stateOf(ctx, e) : null;
  return { entityId: resolved?.id ?? null, name: resolved?.name ?? null, text: ctx.text.slice(start, end), start, end };
};

/** Institutions that are not companies: "the company said" never means them. */
const NOT_COMPANY = /\b(Alliance|Union|Ministry|Council|Government|Party|Association|Committee|Commission|Agency|Department|Court|University|Institute|Service|Parliament|Congress|Senate|League|Federation|Museum|School|Hospital|Police|Army|Community|Organization|Organisation|Board|Bureau|Office|Authority)\b/;
const COMPANY_NOUNS = /^(company|firm|group|maker|manufacturer|provider|operator|giant|carrier|retailer|lender|startup|conglomerate|business|supplier|vendor|developer|insurer|automaker|carmaker|airline|chipmaker)$/i;
const SOURCE_OF = /^(.*?)['’]s?\s+(?:statement|report|spokesperson|spokesman|spokeswoman|website|filing|letter|announcement|release|account|post|figures|data)$/i;
/** The state and those who speak for it: "the U.S. government", "Chinese authorities", "U.S. officials". */
const STATE_PEOPLE = /^\s+(?:officials|authorities|diplomats|government|administration|ministers|military|forces|embassy)$/i;
/** People and outlets of a country, not the country: "US media", "Israeli sources", "Chinese analysts". */
const GROUP_OF_PLACE = /^\s+(?:[\p{Ll}-]+\s+){0,2}(?:media|press|sources|lawmakers|legislators|politicians|leaders|analysts|experts|economists|investigators|prosecutors|police|troops|soldiers|officers|reports|newspapers|outlets|broadcasters|television|networks|researchers|scientists|doctors|activists|citizens|voters|residents|students|workers|executives|companies|firms|banks|regulators|critics|observers|commentators|journalists|reporters)$/iu;
/** A nationality word: "Chinese", "Israeli" (compromise's demonyms, or their usual endings). */
const isNationality = (e: Entity) => (e.type === 'group' || e.type === 'other') && (lexTags(e.name).includes('Demonym') || /^(?:British|Dutch|Swiss|Welsh|Scottish|Irish|Thai|Greek)$/.test(e.name));
/** A role after a title or a place: "the Teen Mom star", "the Love Actually actress", "the Silicon Valley star". */
const ROLE_AFTER_NAME = /^\s+(star|actor|actress|singer|rapper|comedian|host|anchor|musician|artist|songwriter|alum|veteran|icon|legend|creator|showrunner|influencer|personality|model)$/i;
/** Someone who speaks for the possessor, never the possessor: "Seetaram's attorney", "Kurtaj's attorneys". */
const AGENT_OF = /^(?:lawyers?|attorneys?|counsel|solicitors?|barristers?|advocates?|representatives?|aides?|advisers?|advisors?|agents?|friends?|relatives?|wife|husband|son|daughter|mother|father|brother|sister|family|sources?)$/i;

/** Resolves the noun phrase [start, end) that holds the speaker; null when it is no speaker at all. */
export function resolveSpeaker(ctx: SpeakerContext, start: number, end: number): Speaker | null {
  let s = start;
  let e = end;
  const t = ctx.text;
  while (s < e && /[\s,\u2588]/.test(t[s] ?? '')) s++;
  while (e > s && /[\s,]/.test(t[e - 1] ?? '')) e--;
  // a conjunction opening the clause is no part of its subject: "But the mayor", "And Reilly"
  const conj = /^(?:But|And|Yet|So|Still|Now|Instead|Meanwhile),?\s+(?=\S)/.exec(t.slice(s, e));
  if (conj) s += conj[0].length;
  if (e <= s) return null;
  // "Kamin, who said": the relative pronoun is where the text names the speaker, and it stands for the phrase
  // before it (as "he" stands for a person): PolNeAR's annotators mark "who" as the source
  const who = /(?:,\s*|\s+)who$/i.exec(t.slice(s, e));
  if (who && who.index > 0) {
    const named = resolveSpeaker(ctx, s, s + who.index);
    return { entityId: named?.entityId ?? null, name: named?.name ?? null, text: t.slice(e - 3, e), start: e - 3, end: e };
  }
  const np = t.slice(s, e);
  const words = np.split(/\s+/);
  if (words.length > 20) return null;
  // "the bank's statement", "Veltrona's spokesman": the possessor speaks
  const src = SOURCE_OF.exec(np);
  if (src?.[1]?.trim()) {
    const inner = resolveSpeaker(ctx, s, s + src[1].length);
    if (inner?.entityId) return { ...inner, text: np, start: s, end: e };
  }
  const inside = mentionIndex(ctx.mentions, ctx.entities).within(s, e).filter((m) => canSpeak(m.entity));
  const possessive = (m: EntityMention) => /^['’]s?\b/.test(t.slice(m.end, m.end + 2));
  // the phrase starts with a name: "Geng Shuang, spokesperson for ...", "Xu", "The U.S. government", "U.S. officials"
  const head = inside.find((m) => /^(?:the\s+)?$/i.test(t.slice(s, m.start)));
  const rest = head ? t.slice(head.end, e) : '';
  // a name alone, or with its apposition: "Geng Shuang, spokesperson for …", "Xu"
  if (head && !possessive(head) && (/^[\s,]*$/.test(rest) || /^\s*,/.test(rest))) return speakerOf(ctx, head.entity, head.start, head.end);
  // a person named anywhere in it: "Foreign Ministry spokesperson Mao Ning", "expert Zhang Hongzhou of NTU"
  const person = inside.find((m) => m.entity.type === 'person' && !possessive(m));
  if (person) return speakerOf(ctx, person.entity, person.start, person.end);
  // "US media", "Chinese officials", "Israeli sources": a place or nationality that modifies a group of people
  // is not the speaker; the group is, unresolved, with its text
  if (head && !possessive(head) && (head.entity.type === 'place' || isNationality(head.entity) || head.entity.name.toLowerCase() in PLACE_ALIASES) && GROUP_OF_PLACE.test(rest)) return speakerOf(ctx, null, s, e);
  // "the Teen Mom star", "the Love Actually actress": a title naming a person's work; the person is the one the
  // text is about, as "the official" is
  const role = head && !possessive(head) && head.entity.type !== 'person' && head.entity.type !== 'organization' ? ROLE_AFTER_NAME.exec(rest) : null;
  if (role?.[1] && /^(?:the\s+)?$/i.test(t.slice(s, head?.start ?? s))) {
    const gender = /^(actress)$/i.test(role[1]) ? 'female' : /^(actor)$/i.test(role[1]) ? 'male' : null;
    const p = antecedent(ctx as AntecedentContext, s, gender);
    return speakerOf(ctx, p?.entity ?? null, s, e);
  }
  // "The U.S. government", "U.S. officials": the name that opens the phrase
  if (head && !possessive(head) && ((head.entity.type !== 'place' && head.entity.type !== 'other') || STATE_PEOPLE.test(rest))) return speakerOf(ctx, head.entity, head.start, head.end);
  // ends with a name: "economists at Maple Leaf Securities", "a spokesman for the Singapore government"
  const tail = inside.at(-1);
  if (tail && tail.end === e && !possessive(tail)) return speakerOf(ctx, tail.entity, tail.start, tail.end);
  // the head noun comes before a post-modifier: "two people familiar with the matter", "sources close to X"
  const cut = words.findIndex((w, i) => i > 0 && /^(familiar|close|with|who|that|in|at|from|of|on|for|briefed|knowledgeable|involved)$/i.test(w));
  const last = ((cut > 0 ? words[cut - 1] : words.at(-1)) ?? '').toLowerCase().replace(/[^\p{L}]/gu, '');
  if (/^(he|she|him|her)$/.test(np.toLowerCase())) {
    // the person the text made its topic (the speaker introduced, the subject), not the last one named
    const p = antecedent(ctx as AntecedentContext, s, /^(he|him)$/i.test(np) ? 'male' : 'female');
    return speakerOf(ctx, p?.entity ?? null, s, e);
  }
  if (/^it$/i.test(np)) {
    const o = lastBefore(ctx, s, 'organization', isOrganization);
    return speakerOf(ctx, o?.entity ?? null, s, e);
  }
  if (/^(they|we|i|you)$/i.test(np)) return speakerOf(ctx, null, s, e);
  if (words.length > 8) return null;
  // a possessor that is no entity ("The fishermen's association") leaves the speaker unnamed
  const unnamedOwner = /^(?:the\s+)?\p{L}+['’]s?\s/iu.test(np) && !inside.some(possessive);
  const quantified = /^(several|many|some|other|two|three|four|both|all|most|few|various|numerous)\b/i.test(np);
  if (!unnamedOwner && !quantified && (ORG_NOUNS.test(last) || COMPANY_NOUNS.test(last))) {
    const company = COMPANY_NOUNS.test(last);
    // an organization named possessively inside the phrase is its owner, not the speaker
    const owners = new Set(inside.filter(possessive).map((m) => m.entity));
    const ok = (x: Entity) => x.type === 'organization' && (!company || !NOT_COMPANY.test(x.name));
    // prefer the last organization whose name holds the noun: "the bank" → Bank of Canada
    const noun = new RegExp(`\\b${last}\\b`, 'i');
    const named = lastBefore(ctx, e, `org|${company}|${last}`, (x) => ok(x) && noun.test(x.name), owners);
    const o = named ?? lastBefore(ctx, e, `org|${company}`, ok, owners);
    return speakerOf(ctx, o?.entity ?? null, s, e);
  }
  if (PERSON_NOUNS.test(last) && /^(the|this|that)\b/i.test(np) && !unnamedOwner) {
    // "the mayor": the person the text introduced as the mayor, else the last person named
    const p = introducedAs(ctx, s, last) ?? lastBefore(ctx, s, 'person', isPerson);
    return speakerOf(ctx, p?.entity ?? null, s, e);
  }
  // "Seetaram's attorney said": the lawyer speaks (for the client), not the client
  if (head && possessive(head) && AGENT_OF.test(last)) return speakerOf(ctx, null, s, e);
  if (head && head.entity.type !== 'other') return speakerOf(ctx, head.entity, head.start, head.end);
  // plural or indefinite descriptions keep their text: "Several listed Chinese tech firms", "a source", "analysts"
  const plural = (/\p{Ll}{2,}s$/u.test(last) && !/(ss|us|is)$/.test(last)) || /^(people|police|staff|men|women|children|personnel|clergy)$/.test(last);
  const indefinite = /^(a|an|one|another)\b/i.test(np) && (PERSON_NOUNS.test(last) || ORG_NOUNS.test(last));
  const described = unnamedOwner && (ORG_NOUNS.test(last) || PERSON_NOUNS.test(last) || /^(association|union|group|federation|council|committee|campaign|alliance)$/.test(last));
  if ((plural || indefinite || described) && !/[.!?]/.test(np)) return speakerOf(ctx, null, s, e);
  // any other short description headed by a noun: "the announcer", "one voter", "a campaign aide"
  if (/^(the|a|an|one|another|this|that|some|many|several|most|\d+|two|three)\s/i.test(np) && words.length <= 6 && /^\p{Ll}{3,}$/u.test(last) && !lexTags(last).some((t) => /^(PastTense|Gerund|Adverb|Preposition|Conjunction|Determiner|Pronoun|Adjective|Modal|Copula)$/.test(t))) {
    return speakerOf(ctx, null, s, e);
  }
  return null;
}
