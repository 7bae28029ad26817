// Stage: entities. People, organizations, places (and groups) named in the text, aliases merged.
import type { Entity, EntityType } from '../../record.js';
import type { Sentence } from '../sentences.js';
import { tokenize } from '../tokens.js';
import { typeFromContext } from './context.js';
import { lexTags, NOT_NAMES } from './lexicon.js';
import { ACRONYM_NOT_ORG, type Candidate, sentenceMentions } from './mentions.js';
import { taggerModel } from '../models.js';
import { resolveEntities } from './resolve.js';
import { lowerBound } from '../sorted.js';
import { nameSpans, tagNames } from './tagger.js';

const TYPE_OF: Record<string, EntityType> = { PER: 'person', ORG: 'organization', LOC: 'place', MISC: 'other' };

/**
 * Whether the tagger may type this candidate: not an adjective before a noun ("the Tanzanian high
 * commission"), nor a sentence-initial word followed by a noun ("Truck drivers' associations").
 */
function trustTagger(text: string, c: Candidate, s: Sentence): boolean {
  if (c.text.includes(' ')) return true;
  if (ACRONYM_NOT_ORG.has(c.text)) return false;
  const next = /^\s+(\p{L}+)/u.exec(text.slice(c.end, c.end + 30))?.[1];
  if (!next || !/^\p{Ll}/u.test(next)) return true;
  if (/(?:ian|ese|ish|ean|ic)$/.test(c.text)) return false;
  if (c.start > s.start + 1) return true;
  return lexTags(next).some((t) => /^(PastTense|PresentTense|Modal|Copula|Infinitive|Adverb)$/.test(t)) || /^(has|had|is|was|says|said|will|would)$/.test(next);
}

/** Names the learned tagger finds in a sentence, as character spans with a type. */
function taggedNames(s: Sentence): { start: number; end: number; type: EntityType }[] {
  // words as CoNLL writes them: a possessive "'s" is a word of its own
  const words: { text: string; start: number; end: number }[] = [];
  for (const t of tokenize(s.text, s.start)) {
    const m = /^(.+?)(['’]s)$/u.exec(t.text);
    if (m?.[1] && m[2]) {
      words.push({ text: m[1], start: t.start, end: t.start + m[1].length });
      words.push({ text: "'s", start: t.start + m[1].length, end: t.end });
    } else words.push(t);
  }
  const tags = tagNames(taggerModel('ner-conll2003'), words.map((w) => w.text));
  return nameSpans(tags).map((x) => ({ start: (words[x.start] as { start: number }).start, end: (words[x.end - 1] as { end: number }).end, type: TYPE_OF[x.type] as EntityType }));
}

/**
 * The candidates of one sentence that overlap [start, end), in text order. A tagged name only ever meets
 * candidates of its own sentence, which are in text order and never overlap (a merge keeps them so), so
 * they are found back from a binary search instead of by a scan of the article's candidates.
 */
function overlappingIn(local: Candidate[], removed: ReadonlySet<Candidate>, start: number, end: number): Candidate[] {
  const live = (c: Candidate) => !removed.has(c);
  if (!disjoint(local)) return local.filter((c) => live(c) && c.start < end && start < c.end);
  const out: Candidate[] = [];
  for (let i = lowerBound(local, end, (c) => c.start) - 1; i >= 0; i--) {
    const c = local[i] as Candidate;
    if (!live(c)) continue;
    if (c.end <= start) break;
    out.push(c);
  }
  return out.reverse();
}

const checked = new WeakMap<Candidate[], boolean>();
/** Whether a sentence's candidates are in text order without overlaps (checked once per sentence). */
function disjoint(local: Candidate[]): boolean {
  let ok = checked.get(local);
  if (ok === undefined) {
    ok = local.every((c, i) => i === 0 || (local[i - 1] as Candidate).end <= c.start);
    checked.set(local, ok);
  }
  return ok;
}

export { entityId, keyOf } from './resolve.js';

export interface EntityMention {
  start: number;
  end: number;
  text: string;
  entity: Entity;
}

export interface Entities {
  entities: Entity[];
  /** Every mention in text order, with its entity: what claims use to resolve speakers and targets. */
  mentions: EntityMention[];
}

export function extractEntities(text: string, sentences: Sentence[]): Entities {
  const lowerText = new Set(text.match(/\b\p{Ll}[\p{L}'-]*/gu) ?? []);
  // capitalized words written in mixed case somewhere ("Novalink"), to read all-caps runs against
  const mixedForms = new Set((text.match(/\b\p{Lu}\p{Ll}+\p{L}*/gu) ?? []).map((w) => w.toLowerCase()));
  const cands: Candidate[] = [];
  const tagged: { start: number; end: number; type: EntityType; sentence: number }[] = [];
  sentences.forEach((s, i) => {
    cands.push(...sentenceMentions(text, s, i, lowerText, mixedForms));
    for (const t of taggedNames(s)) tagged.push({ ...t, sentence: i });
  });
  // the rules and their context first; the learned tagger then types what they left open and adds the
  // names they missed. Its types are weak: a weakly typed word may still join a name of another type.
  const roles = typeFromContext(cands, text);
  const added: Candidate[] = [];
  const bySentence = new Map<number, Candidate[]>();
  for (const c of cands) {
    const local = bySentence.get(c.sentence);
    if (local) local.push(c);
    else bySentence.set(c.sentence, [c]);
  }
  const removed = new Set<Candidate>();
  for (const t of tagged) {
    let overlapping = overlappingIn(bySentence.get(t.sentence) ?? [], removed, t.start, t.end);
    // one name to the tagger, several to the rules ("Internet" "of" "Things"): one name, if the rules had no type
    const [first, ...rest] = overlapping;
    if (first && rest.length && overlapping.every((c) => c.type === null) && /^(?:\s+(?:of|and|for|the|de|&)\s+|\s+)$/.test(text.slice(first.end, rest[0]?.start))) {
      const last = rest.at(-1) as Candidate;
      first.end = Math.max(last.end, first.end);
      first.text = text.slice(first.start, first.end);
      for (const r of rest) removed.add(r);
      overlapping = [first];
      // "Internet of Things": made of common nouns only, it names a thing, not an organization
      if (first.text.split(/\s+/).every((w) => /^(of|and|for|the|de|&)$/.test(w) || lexTags(w).some((x) => /^(Uncountable|Plural|Singular)$/.test(x)))) {
        first.type = 'other';
        continue;
      }
    }
    for (const c of overlapping) {
      // a city or region name alone may be a club or a firm named after it ("Leicestershire won by"), if the tagger says so
      const lexiconPlace = c.type === 'place' && t.type === 'organization' && !c.text.includes(' ') && lexTags(c.text).some((x) => x === 'City' || x === 'Region');
      // "Morgan Stanley" looks like a first and a last name; the tagger knows the bank
      const lexiconPerson = c.type === 'person' && t.type === 'organization' && !c.titled && !roles.has(c);
      if ((c.type !== null && !lexiconPlace && !lexiconPerson) || !trustTagger(text, c, sentences[c.sentence] as Sentence)) continue;
      c.type = t.type;
      c.weak = true;
    }
    const name = text.slice(t.start, t.end);
    if (!overlapping.length && t.type !== 'other' && /^\p{Lu}/u.test(name) && !NOT_NAMES.has(name)) {
      added.push({ start: t.start, end: t.end, text: name, type: t.type, titled: false, sentence: t.sentence, weak: true });
    }
  }
  const kept = removed.size ? cands.filter((c) => !removed.has(c)) : cands;
  kept.push(...added);
  kept.sort((a, b) => a.start - b.start);
  const { entities, byMention } = resolveEntities(kept, roles);
  const mentions = kept
    .map((c) => ({ start: c.start, end: c.end, text: c.text, entity: byMention.get(c) as Entity }))
    .sort((a, b) => a.start - b.start);
  return { entities, mentions };
}
