// Stage: entities. People, organizations, places (and groups) named in the text, aliases merged.
import type { Entity } from '../../record.js';
import type { Sentence } from '../sentences.js';
import { typeFromContext } from './context.js';
import { type Candidate, sentenceMentions } from './mentions.js';
import { resolveEntities } from './resolve.js';

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
  const cands: Candidate[] = sentences.flatMap((s, i) => sentenceMentions(text, s, i, lowerText, mixedForms));
  const roles = typeFromContext(cands, text);
  const { entities, byMention } = resolveEntities(cands, roles);
  const mentions = cands
    .map((c) => ({ start: c.start, end: c.end, text: c.text, entity: byMention.get(c) as Entity }))
    .sort((a, b) => a.start - b.start);
  return { entities, mentions };
}
