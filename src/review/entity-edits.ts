// Analysts' entity edits, pure: a merge (every mention and claim of one entity goes to another) and a split
// (the mentions whose text is one alias leave an entity for another), what the API takes for each, and how
// an edit rewrites a record, a claim and a reviewer's correction. The store (src/store/entities.ts) applies
// an edit to what is stored, and replays the edits, oldest first, on every record it saves, so re-extraction
// and later articles land where the analysts put them. Nothing here touches a database.
import { z } from 'zod';
import { entityId } from '../extract/entities/resolve.js';
import { type ArticleRecord, type Claim, type Entity, EntityType } from '../record.js';
import type { ShownCorrection } from './rules.js';

/** An entity as an edit names it: id, canonical name, type. */
export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
}

export type EntityEdit =
  /** Every mention and claim of `from` goes to `into`. */
  | { action: 'merge'; from: string; into: EntityRef }
  /** The mentions of `entity` whose text is exactly `alias`, and the claims whose speaker (or target) text is
   * exactly `alias`, go to `into`. */
  | { action: 'split'; entity: string; alias: string; into: EntityRef };

const id = z.string().min(1).max(4096);
const common = { reviewer: z.string().trim().min(1).max(200), note: z.string().max(10_000).optional() };

/** A merge as the API takes it. */
export const MergeInput = z
  .object({
    from: id.describe('The entity that goes away: its id then redirects to `into`'),
    into: id.describe('The entity that stays (an id merged before is followed to where it went)'),
    ...common,
    allowTypeChange: z.boolean().optional().describe("Needed to merge entities of different types (the merged entity has `into`'s type)"),
  })
  .strict();
export type MergeInput = z.output<typeof MergeInput>;

/** A split as the API takes it. */
export const SplitInput = z
  .object({
    alias: z.string().min(1).max(1000).describe("One of the entity's aliases, exactly as its mentions have it (case and punctuation too)"),
    ...common,
    name: z.string().trim().min(1).max(1000).optional().describe("The new entity's name (default: the alias)"),
    type: EntityType.optional().describe("The new entity's type (default: the entity's)"),
  })
  .strict();
export type SplitInput = z.output<typeof SplitInput>;

/** The entity an alias split off becomes: id made as the extractor makes ids, from type and name. */
export function splitTarget(entity: EntityRef, input: Pick<SplitInput, 'alias' | 'name' | 'type'>): EntityRef {
  const name = input.name ?? input.alias;
  const type = input.type ?? entity.type;
  return { id: entityId(type, name), name, type };
}

/** The entity id an edit takes mentions and claims from. */
export const editSubject = (e: EntityEdit): string => (e.action === 'merge' ? e.from : e.entity);

type Party = { entityId: string | null; name: string | null; text: string | null };

/** Whether an edit moves a claim's speaker or target (or a correction's). */
function moves(p: Party | null | undefined, edit: EntityEdit): boolean {
  if (!p || p.entityId !== editSubject(edit)) return false;
  return edit.action === 'merge' || p.text === edit.alias;
}

function moveParty<P extends Party>(p: P, edit: EntityEdit, name: string): P {
  return moves(p, edit) ? { ...p, entityId: edit.into.id, name } : p;
}

/** A claim under an edit: its speaker and target follow their entity. `name`: the name the entity it lands
 * on has (in the record, when it is there). */
export function editClaim(claim: Claim, edit: EntityEdit, name = edit.into.name): Claim {
  const speaker = claim.speaker && moveParty(claim.speaker, edit, name);
  const target = claim.target && moveParty(claim.target, edit, name);
  return speaker === claim.speaker && target === claim.target ? claim : { ...claim, speaker, target };
}

/** A reviewer's correction under an edit: a corrected speaker or target follows its entity the same way. */
export function editCorrection(c: ShownCorrection, edit: EntityEdit): ShownCorrection {
  const speaker = c.speaker && moveParty(c.speaker, edit, edit.into.name);
  const target = c.target && moveParty(c.target, edit, edit.into.name);
  return speaker === c.speaker && target === c.target ? c : { ...c, ...(speaker !== undefined ? { speaker } : {}), ...(target !== undefined ? { target } : {}) };
}

const first = (e: Entity) => e.mentions[0]?.start ?? Number.POSITIVE_INFINITY;
const byStart = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || a.end - b.end;

/** The entity the mentions land on: the record's own when it has it (aliases and mentions added), else
 * the edit's with them. Its aliases are every form but its name, the order kept. */
function land(existing: Entity | undefined, into: EntityRef, forms: string[], mentions: Entity['mentions'], role: string | undefined): Entity {
  const base: Entity = existing ?? { id: into.id, name: into.name, type: into.type, aliases: [], mentions: [] };
  const aliases = [...new Set([...base.aliases, ...forms])].filter((a) => a !== base.name);
  const r = base.role ?? role;
  return { ...base, aliases, ...(r !== undefined ? { role: r } : {}), mentions: [...base.mentions, ...mentions].sort(byStart) };
}

/** One edit on a record; the same record when it names nothing the edit moves. */
export function applyEntityEdit(record: ArticleRecord, edit: EntityEdit): ArticleRecord {
  const subject = editSubject(edit);
  const from = record.entities.find((e) => e.id === subject);
  const claimsMove = record.claims.some((c) => moves(c.speaker, edit) || moves(c.target, edit));
  const mentionsMove = edit.action === 'merge' ? from !== undefined : (from?.mentions.some((m) => m.text === edit.alias) ?? false);
  if (subject === edit.into.id || (!mentionsMove && !claimsMove)) return record;
  const existing = record.entities.find((e) => e.id === edit.into.id);
  let entities = record.entities.filter((e) => e.id !== subject && e.id !== edit.into.id);
  let landed: Entity;
  if (edit.action === 'merge') {
    landed = land(existing, edit.into, from ? [from.name, ...from.aliases] : [], from?.mentions ?? [], from?.role);
  } else {
    const moved = from?.mentions.filter((m) => m.text === edit.alias) ?? [];
    landed = land(existing, edit.into, [edit.alias], moved, undefined);
    if (from) {
      const kept = from.mentions.filter((m) => m.text !== edit.alias);
      const rest: Entity = { ...from, aliases: from.aliases.filter((a) => a !== edit.alias), mentions: kept };
      const stillNamed = record.claims.some((c) => (c.speaker?.entityId === subject && !moves(c.speaker, edit)) || (c.target?.entityId === subject && !moves(c.target, edit)));
      if (kept.length || stillNamed) entities.push(rest);
    }
  }
  entities.push(landed);
  // the extractor's order: by first mention (a stable sort keeps the rest as they were)
  entities = entities.sort((a, b) => first(a) - first(b));
  const claims = record.claims.map((c) => editClaim(c, edit, landed.name));
  return { ...record, entities, claims };
}

/** Edits on a record, oldest first: what the analysts did, done again to a record extracted afresh. */
export function applyEntityEdits(record: ArticleRecord, edits: readonly EntityEdit[]): ArticleRecord {
  return edits.reduce(applyEntityEdit, record);
}
