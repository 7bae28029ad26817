// Finding name mentions: runs of capitalized tokens inside a sentence, joined across "of"/"and" where an
// institution's name continues ("Ministry of Foreign Affairs", "Yixin Science and Technology"), trimmed of
// sentence-initial common words, titles and possessives, each typed from its own words where it can be.
import type { EntityType } from '../../record.js';
import type { Sentence } from '../sentences.js';
import { isAllCaps, isCapitalized, type Token, tokenize } from '../tokens.js';
import {
  EAST_ASIAN_SURNAMES, EXTRA_PLACES, FIELD_WORDS, GROUP_WORDS, lexTags, MONTHS_AND_DAYS, NOT_NAMES, OF_HEADS, ORG_HEADS,
  PINYIN, PLACE_ALIASES, PLACE_HEADS, TITLES,
} from './lexicon.js';

export interface Candidate {
  start: number;
  end: number;
  text: string;
  type: EntityType | null;
  /** A title stood before the name ("President", "Mr."): it is a person. */
  titled: boolean;
  sentence: number;
  /** Typed by the learned tagger only: the rules' evidence outweighs it. */
  weak?: boolean;
}

const CONNECTORS = new Set(['of', 'and', '&', 'for', 'de', 'du', 'da', 'del', 'von', 'van', 'der', 'al', 'bin', 'la', 'le']);
/** Acronyms that name no organization ("AI", "CEO"), whatever a tagger says. */
export const ACRONYM_NOT_ORG = new Set(['AI', 'CEO', 'CFO', 'COO', 'CTO', 'TV', 'GDP', 'IT', 'PR', 'OK', 'PM', 'AM', 'HIV', 'AIDS', 'COVID', 'NFT', 'ETF', 'IPO', 'VPN', 'CCTV', 'DNA', 'ID', 'PhD', 'MP', 'MPs', 'GMT', 'UTC', 'EST', 'PST', 'EDT', 'VS', 'USD', 'EUR', 'RMB', 'OP', 'ED']);
const POSSESSIVE = /['’]s?$/;
const HYPHEN_PLACE = /^(\p{Lu}[\p{L}]+)-(based|born|headquartered|registered|listed)$/u;

const GOVERNING = /^ (?:(?:regional|provincial|municipal|federal|state|local|central|national|city|county|interim|military|transitional) )?(?:government|administration|authorities|regime|junta)\b/;

const NAMED_NEXT = /^(?:,\s+(?:which|who)\b|\s+(?:said|says|told|added|announced)\b)/;

const stem = (t: string) => t.replace(/['’]s$/, '').replace(/['’]$/, '');

function isNameToken(t: Token): boolean {
  if (!/^\p{L}/u.test(t.text) || HYPHEN_PLACE.test(t.text)) return false;
  return isCapitalized(t.text) && !/^(anti|pro|non|ex|post|pre|self|mid|co|multi|cross|all)-/i.test(t.text) && !/-(year|old|month|week)\b/i.test(t.text);
}

/** A capitalized word that is really a common word here (sentence-initial "Before", "Listed"). */
function commonWord(word: string, lowerText: Set<string>): boolean {
  const w = stem(word);
  if (NOT_NAMES.has(w) || MONTHS_AND_DAYS.test(w)) return true;
  const tags = lexTags(w);
  if (tags.length && !tags.some((t) => /Person|Name|Place|Country|City|Region|Organization|ProperNoun|SportsTeam|Demonym/.test(t))) return true;
  if (/^\p{Lu}\p{Ll}+(ing|ed|ly)$/u.test(w) && !tags.length) return true; // "Briefing the media, ..."
  return lowerText.has(w.toLowerCase()) && !isAllCaps(w);
}

export function typeFromName(name: string, titled: boolean): EntityType | null {
  const tokens = name.split(/\s+/);
  // "Bank of Canada", "Port of Felixstowe", "Commission for Museums": the word before "of"/"for" heads it
  const ofAt = tokens.findIndex((t, i) => i > 0 && (t === 'of' || t === 'for'));
  const last = (ofAt > 0 ? tokens[ofAt - 1] : tokens.at(-1)) ?? '';
  const first = tokens[0] ?? '';
  const lower = name.toLowerCase();
  const tags = lexTags(lower);
  if (GROUP_WORDS.has(name)) return 'group';
  if (PLACE_ALIASES[lower] || EXTRA_PLACES.has(lower)) return 'place';
  if (tags.some((t) => /Country|City|Region|Place/.test(t))) return 'place';
  if (tags.includes('Organization') || tags.includes('SportsTeam')) return 'organization';
  if (tokens.length > 1 && ORG_HEADS.has(last)) return 'organization';
  if (tokens.length > 1 && PLACE_HEADS.has(last)) return 'place';
  if (titled) return 'person';
  if (tags.includes('Person')) return 'person';
  if (tokens.length >= 2 && tokens.length <= 3) {
    const f = lexTags(first);
    const l = lexTags(last);
    if (f.some((t) => /FirstName|MaleName|FemaleName/.test(t)) && !l.some((t) => /Country|City|Region|Place|Organization/.test(t))) return 'person';
    if (l.includes('LastName')) return 'person';
    const given = (t: string) => PINYIN.test(t.toLowerCase()) || /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(t);
    if (EAST_ASIAN_SURNAMES.has(first) && tokens.slice(1).every(given)) return 'person';
  }
  // a lone first name: "Melanie said"
  if (tokens.length === 1 && tags.some((t) => /^(FirstName|MaleName|FemaleName)$/.test(t)) && !tags.some((t) => /Place|Country|City|Region|Organization/.test(t))) return 'person';
  if (tokens.length === 1 && /^\p{Ll}+\p{Lu}|^\p{Lu}\p{Ll}+\p{Lu}\p{Ll}|^\p{Lu}{2}\p{Ll}{3}/u.test(name)) return 'organization'; // iFlytek, SenseTime, IFlytek
  if (tokens.length === 1 && /^\p{Lu}{2,6}$/u.test(name) && !ACRONYM_NOT_ORG.has(name)) return 'organization';
  return null;
}

/** Name mentions of one sentence, typed where the words alone tell. */
export function sentenceMentions(text: string, s: Sentence, index: number, lowerText: Set<string>, mixedForms: Set<string>): Candidate[] {
  const toks = tokenize(s.text, s.start);
  const out: Candidate[] = [];
  const allCapsLine = toks.filter((t) => /\p{L}{3}/u.test(t.text)).every((t) => isAllCaps(t.text));
  let i = 0;
  while (i < toks.length) {
    const t = toks[i] as Token;
    const hyphen = HYPHEN_PLACE.exec(t.text);
    if (hyphen?.[1]) {
      out.push({ start: t.start, end: t.start + hyphen[1].length, text: hyphen[1], type: typeFromName(hyphen[1], false) ?? 'place', titled: false, sentence: index });
      i++;
      continue;
    }
    if (!isNameToken(t) || allCapsLine) {
      i++;
      continue;
    }
    // grow the run
    let j = i + 1;
    let end = POSSESSIVE.test(t.text) ? i + 1 : 0;
    while (!end && j < toks.length) {
      const n = toks[j] as Token;
      if (isNameToken(n)) {
        if (MONTHS_AND_DAYS.test(n.text) && !MONTHS_AND_DAYS.test(toks[j - 1]?.text ?? '')) break;
        j++;
        if (POSSESSIVE.test(n.text)) end = j;
        continue;
      }
      const after = toks[j + 1];
      const prev = toks[j - 1]?.text ?? '';
      // "Rep. G.K. Butterfield", "P. Simmons": a title or an initial and its period continue the name
      const initial = /^\p{Lu}$/u.test(prev) || (TITLES.has(prev) && j - 1 === i);
      if (n.text === '.' && n.start === (toks[j - 1]?.end ?? 0) && initial && after && isNameToken(after)) {
        j++;
        continue;
      }
      if (n.start === (toks[j - 1]?.end ?? 0) + 1 && CONNECTORS.has(n.text) && after && isNameToken(after)) {
        const joinOf = n.text === 'of' && OF_HEADS.has(prev);
        const joinAnd = (n.text === 'and' || n.text === '&') && j - i >= 2 && FIELD_WORDS.has(after.text) && isInstitutionTail(toks, j + 1);
        const joinParticle = !['of', 'and', '&', 'for'].includes(n.text);
        const joinFor = n.text === 'for' && OF_HEADS.has(prev);
        if (joinOf || joinAnd || joinParticle || joinFor) {
          j += 1;
          if (toks[j]?.text === 'the' && toks[j + 1] && isNameToken(toks[j + 1] as Token)) j++;
          continue;
        }
      }
      break;
    }
    let a = i;
    let b = end || j;
    // trim sentence-initial or stray common words, and titles, from the front
    let titled = false;
    while (a < b) {
      const w = (toks[a] as Token).text;
      const initial = a === 0 || /^[\u201c"'‘(—–-]$/.test(toks[a - 1]?.text ?? '');
      if (TITLES.has(w) || TITLES.has(`${w}.`)) {
        if (b - a > 1) titled = titled || !ORG_HEADS.has((toks[b - 1] as Token).text);
        if (b - a > 1) {
          a++;
          if (toks[a]?.text === '.') a++;
          continue;
        }
      }
      // a sentence-initial word that speaks or takes a relative clause is a name: "Unite, which represents…"
      const named = b - a === 1 && NAMED_NEXT.test(s.text.slice((toks[a] as Token).end - s.start, (toks[a] as Token).end - s.start + 14));
      // "South Africa", "New York", "Tom Moody": the words together are a known name
      const wholeName = b - a > 1 && a === i && typeFromName(text.slice(t.start, (toks[b - 1] as Token).end), false) !== null;
      if (NOT_NAMES.has(stem(w)) || MONTHS_AND_DAYS.test(w) || (initial && !named && !wholeName && commonWord(w, lowerText))) {
        a++;
        continue;
      }
      break;
    }
    while (b > a && (CONNECTORS.has((toks[b - 1] as Token).text) || (b - a > 1 && NOT_NAMES.has((toks[b - 1] as Token).text)))) b--;
    // "Trump administration", "Xinjiang regional government": a name with a lowercase governing noun
    let governing = false;
    if (b > a && !POSSESSIVE.test((toks[b - 1] as Token).text)) {
      const g = GOVERNING.exec(s.text.slice((toks[b - 1] as Token).end - s.start));
      if (g) {
        governing = true;
        const limit = (toks[b - 1] as Token).end + g[0].length;
        while (b < toks.length && (toks[b] as Token).end <= limit) b++;
      }
    }
    // "NOVALINK STRONGLY REJECTS THE ALLEGATIONS": an all-caps run is a shout, not a name; keep the words
    // that are names elsewhere in the text or in the lexicon
    if (b - a > 1 && toks.slice(a, b).every((x) => isAllCaps(x.text) || CONNECTORS.has(x.text))) {
      for (let k = a; k < b; k++) {
        const x = toks[k] as Token;
        const w = stem(x.text);
        const title = w.charAt(0) + w.slice(1).toLowerCase();
        const known = (mixedForms.has(w.toLowerCase()) && !commonWord(title, lowerText)) || lexTags(w).some((t) => /Country|City|Region|Place|Organization/.test(t)) || PLACE_ALIASES[w.toLowerCase()];
        if (known && w.length > 1) out.push({ start: x.start, end: x.start + w.length, text: w, type: typeFromName(w, false), titled: false, sentence: index });
      }
      i = Math.max(j, end, i + 1);
      continue;
    }
    if (b > a) {
      const first = toks[a] as Token;
      const last = toks[b - 1] as Token;
      const endOff = POSSESSIVE.test(last.text) ? last.end - (last.text.length - stem(last.text).length) : last.end;
      const name = text.slice(first.start, endOff);
      if (name.length > 1 || /\p{Lu}/u.test(name)) {
        const type = governing ? 'organization' : typeFromName(name, titled);
        out.push({ start: first.start, end: endOff, text: name, type, titled, sentence: index });
      }
    }
    i = Math.max(j, end, i + 1);
  }
  return out;
}

/** "Science and Technology", "Research & Development": the words after "and" end like an institution. */
function isInstitutionTail(toks: Token[], k: number): boolean {
  let m = k;
  while (m < toks.length && isNameToken(toks[m] as Token)) m++;
  const last = (toks[m - 1] as Token).text;
  return ORG_HEADS.has(last) || FIELD_WORDS.has(last);
}
