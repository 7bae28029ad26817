// Typing mentions from their surroundings when their words alone do not tell: a role in apposition makes
// a person, a list of firms makes organizations, "the company said" makes the last name a company.
import type { EntityType } from '../../record.js';
import { ROLE_NOUNS } from './lexicon.js';
import type { Candidate } from './mentions.js';

const SPEECH_AFTER = /^,?\s+(said|says|told|added|noted|stressed|emphasized|emphasised|explained|argued|asked|wrote|tweeted|insisted|warned|claimed|stated|reiterated)\b/;
const FIRMS_BEFORE = /\b(firms|companies|groups|organizations|organisations|makers|brands|banks|lenders|carriers|startups|start-ups|rivals|operators|suppliers|manufacturers|vendors|developers|giants|entities|players)(?:\s+(?:such as|like|including|namely)|,)\s*$/i;
const ROLE_AFTER = /^,\s+((?:(?:the|a|an|its|his|her|their)\s+)?[^,.;:"“”]{0,120}?)(?=,|\.|;|\s+(?:said|says|told|added)\b|$)/;

const PLACE_BEFORE = /\b(?:near|outside|across|around|towards|toward|in|(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of\s+)?|residents of|people of|city of|town of|province of|region of|streets of)\s+(?:the\s+)?$/i;
const PLACE_AFTER = /^\s+(?:port|city|town|village|province|region|state|county|district|border|river|valley|coast|harbour|harbor)\b/;
const ROLE_BEFORE = /(?:^|[.;:]\s+|,\s+|[\u201d"]\s+|\n)((?:the|a|an|its|his|her|their|\p{Lu}\p{Ll}+['’]s)\s+[^,.;:"“”\n]{0,80}?)\s*,\s*$/iu;

/** "The regional agriculture minister, Ramón Fernández-Pacheco, said": the role before the name. */
export function roleBefore(text: string, start: number): string | null {
  const m = ROLE_BEFORE.exec(text.slice(Math.max(0, start - 120), start));
  const phrase = m?.[1]?.trim();
  if (!phrase) return null;
  const words = phrase.toLowerCase().split(/\s+/);
  return words.slice(-3).some((w) => ROLE_NOUNS.has(w)) ? phrase : null;
}

/** A sentence's end: a line break, or a stop after a word that is no abbreviation ("U.S.", "Corp."). */
const SENTENCE_END = /\n|(?<!\b(?:\p{Lu}\.\p{Lu}|Mr|Mrs|Ms|Dr|St|Corp|Inc|Co|Ltd|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Prof))[.!?]["”’]?\s+/gu;

/** "Foreign Ministry spokesperson Mao Ning": capitalized words and a role noun right before a two-word name. */
function roleJustBefore(text: string, c: Candidate): string | null {
  if (!c.text.includes(' ')) return null;
  let window = text.slice(Math.max(0, c.start - 80), c.start);
  // the role is in the name's sentence: "… in March.\n\nFisheries minister Daniel Okafor" is "Fisheries minister"
  const ends = [...window.matchAll(SENTENCE_END)];
  const last = ends.at(-1);
  if (last) window = window.slice((last.index ?? 0) + last[0].length);
  const m = /((?:[\p{L}.'’-]+\s+){0,5}?(\p{Ll}+))\s+$/u.exec(window);
  if (!m?.[1] || !m[2] || !ROLE_NOUNS.has(m[2])) return null;
  // start the role where the sentence's other words end: "Acme Corp. chief executive", not "said Acme Corp. chief executive"
  const words = m[1].split(/\s+/);
  let k = words.length - 1;
  while (k > 0 && (/^\p{Lu}/u.test(words[k - 1] ?? '') || /^(chief|senior|deputy|vice|assistant|executive|general|former|acting|interim|top|lead|press|foreign|deputy)$/.test(words[k - 1] ?? ''))) k--;
  return words.slice(k).join(' ');
}

/** "spokesperson for Chinese Foreign Ministry" when the apposition after a name is a role. */
export function roleAfter(text: string, end: number): string | null {
  const m = ROLE_AFTER.exec(text.slice(end, end + 160));
  const phrase = m?.[1]?.trim();
  if (!phrase) return null;
  const words = phrase.toLowerCase().split(/\s+/).slice(0, 5);
  return words.some((w) => ROLE_NOUNS.has(w.replace(/['’]s$/, ''))) ? phrase : null;
}

/** Candidates that form a list ("A, B, C and D") in one sentence. */
function lists(cands: Candidate[], text: string): Candidate[][] {
  const out: Candidate[][] = [];
  let cur: Candidate[] = [];
  for (const c of cands) {
    const prev = cur.at(-1);
    if (prev && prev.sentence === c.sentence && /^(?:,\s*|,?\s+(?:and|or)\s+)$/.test(text.slice(prev.end, c.start))) cur.push(c);
    else {
      if (cur.length > 1) out.push(cur);
      cur = [c];
    }
  }
  if (cur.length > 1) out.push(cur);
  return out;
}

export function typeFromContext(cands: Candidate[], text: string): Map<Candidate, string> {
  const roles = new Map<Candidate, string>();
  for (const c of cands) {
    if (c.type !== null && c.type !== 'person') continue;
    const role = roleAfter(text, c.end) ?? (/^\s*,/.test(text.slice(c.end, c.end + 3)) ? roleBefore(text, c.start) : null) ?? roleJustBefore(text, c);
    if (role) {
      c.type = 'person';
      roles.set(c, role);
    }
  }
  // "near Écija", "across Andalusia", "the Namanga border crossing": places by their surroundings
  for (const c of cands) {
    if (c.type !== null) continue;
    const adjective = /(?:ian|ese|ish|ean|ic)$/.test(c.text) && /^\s+\p{Ll}/u.test(text.slice(c.end, c.end + 3));
    if (adjective) continue; // "the Tanzanian high commission"
    if (PLACE_BEFORE.test(text.slice(Math.max(0, c.start - 40), c.start)) && !c.text.includes(' ')) c.type = 'place';
    else if (PLACE_AFTER.test(text.slice(c.end, c.end + 20))) c.type = 'place';
  }
  for (const list of lists(cands, text)) {
    const before = text.slice(Math.max(0, (list[0] as Candidate).start - 60), (list[0] as Candidate).start);
    let type: EntityType | null = FIRMS_BEFORE.test(before) ? 'organization' : null;
    if (!type) {
      const counts = new Map<EntityType, number>();
      for (const c of list) if (c.type && c.type !== 'other') counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
      type = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    }
    if (type) for (const c of list) if (c.type === null) c.type = type;
  }
  // a single name before "firms like" with no list
  for (const c of cands) {
    if (c.type === null && FIRMS_BEFORE.test(text.slice(Math.max(0, c.start - 60), c.start))) c.type = 'organization';
  }
  // "the company said" / "the firm": the last untyped name was a company (a surname of a person is not)
  const surnames = new Set(cands.filter((c) => c.text.includes(' ')).map((c) => c.text.split(' ').at(-1)));
  // the candidates that may be it stay so while this runs (null only turns into organization): taken in the
  // order they end, the last one before each mention is kept as the mentions come, in text order
  const able = cands.map((c, i) => ({ c, i })).filter(({ c }) => (c.type === null || c.type === 'organization') && !surnames.has(c.text));
  able.sort((a, b) => a.c.end - b.c.end);
  let next = 0;
  let last = -1;
  for (const m of text.matchAll(/\b(?:the|The)\s+(?:company|firm|startup|carmaker)\b/g)) {
    const at = m.index ?? 0;
    for (; next < able.length && (able[next] as { c: Candidate }).c.end <= at; next++) last = Math.max(last, (able[next] as { i: number }).i);
    const c = cands[last];
    if (c && c.type === null) c.type = 'organization';
  }
  // "Unite, which represents …": things take "which", people "who"
  for (const c of cands) if (c.type === null && /^,\s+which\b/.test(text.slice(c.end, c.end + 9))) c.type = 'organization';
  // an untyped two- or three-word name that speaks is a person
  for (const c of cands) {
    const n = c.text.split(' ').length;
    if (c.type === null && n >= 2 && n <= 3 && SPEECH_AFTER.test(text.slice(c.end, c.end + 20))) c.type = 'person';
  }
  return roles;
}
