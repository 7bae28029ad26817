// Lookups over an article's mentions (sorted by start) that claims make for every speaker and target: the
// mentions inside a span, the last mention before an offset whose entity passes a test, the first place of
// a name. A scan of every mention per lookup made claims quadratic in the number of names.
import type { Entity, Target } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import { lowerBound } from '../sorted.js';

/** How many runs of excluded entities a backward search passes before it gives up (never near in prose). */
const MAX_SKIPPED_RUNS = 64;

/** A mention as a claim's target: its entity, and the words the text names it with. */
export const mentionTarget = (m: EntityMention): Target => ({ entityId: m.entity.id, name: m.entity.name, text: m.text });

export interface MentionIndex {
  /** The mentions wholly inside [start, end), in text order. */
  within(start: number, end: number): EntityMention[];
  /** The first mention starting in [start, end] that passes `ok`. */
  firstStarting(start: number, end: number, ok: (m: EntityMention) => boolean): EntityMention | undefined;
  /**
   * The last mention starting before `at` whose entity passes `ok` and is not in `excluded`. `key` names
   * the test: the mentions passing it are listed once per key.
   */
  lastBefore(at: number, key: string, ok: (e: Entity) => boolean, excluded?: ReadonlySet<Entity>): EntityMention | undefined;
  /** The first place entity named `name`, or whose lower-cased name is `lower`, in entity order. */
  placeNamed(name: string, lower: string): Entity | undefined;
}

interface Passing {
  /** Indices into the mentions of those whose entity passes the test. */
  at: number[];
  /** For each, the position in `at` of the last earlier one with another entity, or -1. */
  prevOther: number[];
}

const indexes = new WeakMap<EntityMention[], MentionIndex>();

export function mentionIndex(mentions: EntityMention[], entities: Entity[]): MentionIndex {
  let index = indexes.get(mentions);
  if (!index) {
    index = build(mentions, entities);
    indexes.set(mentions, index);
  }
  return index;
}

function build(mentions: EntityMention[], entities: Entity[]): MentionIndex {
  const passing = new Map<string, Passing>();
  const listOf = (key: string, ok: (e: Entity) => boolean): Passing => {
    let p = passing.get(key);
    if (!p) {
      p = { at: [], prevOther: [] };
      const verdict = new Map<Entity, boolean>();
      for (let i = 0; i < mentions.length; i++) {
        const e = (mentions[i] as EntityMention).entity;
        let v = verdict.get(e);
        if (v === undefined) {
          v = ok(e);
          verdict.set(e, v);
        }
        if (!v) continue;
        const k = p.at.length;
        const prev = k ? (mentions[p.at[k - 1] as number] as EntityMention).entity : undefined;
        p.prevOther.push(k === 0 ? -1 : prev !== e ? k - 1 : (p.prevOther[k - 1] as number));
        p.at.push(i);
      }
      passing.set(key, p);
    }
    return p;
  };
  let places: { byName: Map<string, number>; byLower: Map<string, number> } | null = null;
  const start = (m: EntityMention) => m.start;
  return {
    within(s, e) {
      const out: EntityMention[] = [];
      for (let i = lowerBound(mentions, s, start); i < mentions.length; i++) {
        const m = mentions[i] as EntityMention;
        if (m.start > e) break;
        if (m.end <= e) out.push(m);
      }
      return out;
    },
    firstStarting(s, e, ok) {
      for (let i = lowerBound(mentions, s, start); i < mentions.length; i++) {
        const m = mentions[i] as EntityMention;
        if (m.start > e) break;
        if (ok(m)) return m;
      }
      return undefined;
    },
    lastBefore(at, key, ok, excluded) {
      const p = listOf(key, ok);
      let k = lowerBound(p.at, at, (i) => (mentions[i] as EntityMention).start) - 1;
      for (let skipped = 0; k >= 0 && skipped <= MAX_SKIPPED_RUNS; skipped++) {
        const m = mentions[p.at[k] as number] as EntityMention;
        if (!excluded?.has(m.entity)) return m;
        k = p.prevOther[k] as number;
      }
      return undefined;
    },
    placeNamed(name, lower) {
      if (!places) {
        places = { byName: new Map(), byLower: new Map() };
        entities.forEach((x, i) => {
          if (x.type !== 'place') return;
          if (!places?.byName.has(x.name)) places?.byName.set(x.name, i);
          const low = x.name.toLowerCase();
          if (!places?.byLower.has(low)) places?.byLower.set(low, i);
        });
      }
      const i = Math.min(places.byName.get(name) ?? Infinity, places.byLower.get(lower) ?? Infinity);
      return i === Infinity ? undefined : entities[i];
    },
  };
}
