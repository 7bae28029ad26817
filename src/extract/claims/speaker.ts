// Who speaks: a noun phrase before or after a cue, resolved to an entity where the text allows. Names
// resolve to their entity; "the company" to the last company named, "the official" to the last person,
// "he"/"she" to the last person, "China's top voice recognition technology firm" to the last company;
// plural descriptions ("several listed firms") keep their text with no entity.
import type { Entity, Speaker } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import { PLACE_ALIASES } from '../entities/lexicon.js';
import { ORG_NOUNS, PERSON_NOUNS } from './lexicon.js';

export interface SpeakerContext {
  text: string;
  mentions: EntityMention[];
  entities: Entity[];
}

const SCORED = new Set(['person', 'organization', 'place', 'group']);

function lastBefore(ctx: SpeakerContext, at: number, ok: (e: Entity) => boolean): EntityMention | undefined {
  for (let i = ctx.mentions.length - 1; i >= 0; i--) {
    const m = ctx.mentions[i] as EntityMention;
    if (m.start < at && ok(m.entity)) return m;
  }
  return undefined;
}

/** "The U.S. government" speaks for the United States. */
function stateOf(ctx: SpeakerContext, e: Entity): Entity {
  const m = /^(.+?)\s+(?:government|administration|authorities)$/.exec(e.name);
  const canon = m?.[1] ? PLACE_ALIASES[m[1].toLowerCase()] : undefined;
  if (!canon || /regional|provincial|municipal|state|local/.test(e.name)) return e;
  return ctx.entities.find((x) => x.name === canon) ?? e;
}

const speakerOf = (ctx: SpeakerContext, e: Entity | null, start: number, end: number): Speaker => {
  const resolved = e ? stateOf(ctx, e) : null;
  return { entityId: resolved?.id ?? null, name: resolved?.name ?? null, text: ctx.text.slice(start, end), start, end };
};

/** Resolves the noun phrase [start, end) that holds the speaker; null when it is no speaker at all. */
export function resolveSpeaker(ctx: SpeakerContext, start: number, end: number): Speaker | null {
  let s = start;
  let e = end;
  const t = ctx.text;
  while (s < e && /[\s,\u2588]/.test(t[s] ?? '')) s++;
  while (e > s && /[\s,]/.test(t[e - 1] ?? '')) e--;
  if (e <= s) return null;
  const np = t.slice(s, e);
  const words = np.split(/\s+/);
  if (words.length > 12) return null;
  const inside = ctx.mentions.filter((m) => m.start >= s && m.end <= e && SCORED.has(m.entity.type));
  // the phrase starts with a name: "Geng Shuang, spokesperson for ...", "Xu", "The U.S. government"
  const head = inside.find((m) => /^(?:the\s+)?$/i.test(t.slice(s, m.start)));
  if (head && (/^[\s,]*$/.test(t.slice(head.end, e)) || /^,/.test(t.slice(head.end, e)) || head.entity.type !== 'place')) {
    return speakerOf(ctx, head.entity, head.start, head.end);
  }
  // ends with a name: "Foreign Ministry spokesperson Geng Shuang"
  const tail = inside.at(-1);
  if (tail && tail.end === e && !/['’]s$/.test(np)) return speakerOf(ctx, tail.entity, tail.start, tail.end);
  const last = (words.at(-1) ?? '').toLowerCase().replace(/[^\p{L}]/gu, '');
  if (/^(he|she|him|her)$/.test(np.toLowerCase())) {
    const p = lastBefore(ctx, s, (x) => x.type === 'person');
    return speakerOf(ctx, p?.entity ?? null, s, e);
  }
  if (/^it$/i.test(np)) {
    const o = lastBefore(ctx, s, (x) => x.type === 'organization');
    return speakerOf(ctx, o?.entity ?? null, s, e);
  }
  if (/^(they|we|i|you)$/i.test(np)) return speakerOf(ctx, null, s, e);
  if (words.length > 8) return null;
  if (ORG_NOUNS.test(last) && !/^(several|many|some|other|two|three|both|all|most)\b/i.test(np)) {
    const o = lastBefore(ctx, e, (x) => x.type === 'organization' && !inside.some((m) => m.entity === x && /['’]s$/.test(t.slice(m.start, m.end + 2))));
    return speakerOf(ctx, o?.entity ?? null, s, e);
  }
  if (PERSON_NOUNS.test(last) && /^(the|this|that)\b/i.test(np)) {
    const p = lastBefore(ctx, s, (x) => x.type === 'person');
    return speakerOf(ctx, p?.entity ?? null, s, e);
  }
  if (head) return speakerOf(ctx, head.entity, head.start, head.end);
  // plural or indefinite descriptions keep their text: "Several listed Chinese tech firms", "a source", "analysts"
  const plural = /\p{Ll}{2,}s$/u.test(last) && !/(ss|us|is)$/.test(last);
  const indefinite = /^(a|an|one|another)\b/i.test(np) && (PERSON_NOUNS.test(last) || ORG_NOUNS.test(last));
  if ((plural || indefinite) && !/[.!?]/.test(np)) return speakerOf(ctx, null, s, e);
  return null;
}
