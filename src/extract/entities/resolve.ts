// Mentions → entities: aliases merged within the article ("Geng" → Geng Shuang, "US"/"U.S." → United
// States, "IFlytek" → iFlytek, "Dahua" → Dahua Technology), the fullest form as the name, stable ids.
import type { Entity, EntityType } from '../../record.js';
import { PLACE_ALIASES } from './lexicon.js';
import type { Candidate } from './mentions.js';

export const keyOf = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/['’]s$/, '')
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const canonicalPlace = (name: string): string | undefined =>
  PLACE_ALIASES[name.toLowerCase()] ?? PLACE_ALIASES[name.toLowerCase().replace(/^the\s+/, '')];

/** Stable across articles: the same type and canonical name give the same id everywhere. */
export const entityId = (type: EntityType, name: string): string => `${type}:${keyOf(name).replace(/ /g, '-')}`;

interface Cluster {
  forms: Candidate[];
  role?: string;
}

function typeOf(cluster: Cluster): EntityType {
  const counts = new Map<EntityType, number>();
  for (const c of cluster.forms) if (c.type) counts.set(c.type, (counts.get(c.type) ?? 0) + (c.type === 'other' ? 0.1 : c.weak ? 0.5 : 1));
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'other';
}

function nameOf(cluster: Cluster, type: EntityType): string {
  const canon = type === 'place' ? cluster.forms.map((f) => canonicalPlace(f.text)).find(Boolean) : undefined;
  if (canon) return canon;
  const freq = new Map<string, number>();
  for (const f of cluster.forms) freq.set(f.text, (freq.get(f.text) ?? 0) + 1);
  const mixed = (s: string) => (/\p{Ll}/u.test(s) ? 1 : 0);
  // only ever written in capitals ("OTTAWA —"): a person's or place's name reads better title-cased
  if (![...freq.keys()].some((f) => mixed(f)) && (type === 'place' || type === 'person')) {
    const f = [...freq.keys()].sort((a, b) => b.length - a.length)[0] ?? '';
    if (f.length > 3) return f.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());
  }
  return [...freq].sort((a, b) => b[0].split(' ').length - a[0].split(' ').length || mixed(b[0]) - mixed(a[0]) || b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
}

export function resolveEntities(cands: Candidate[], roles: Map<Candidate, string>): { entities: Entity[]; byMention: Map<Candidate, Entity> } {
  const clusters = new Map<string, Cluster>();
  const clusterOf = new Map<Candidate, Cluster>();
  const add = (key: string, c: Candidate) => {
    let cl = clusters.get(key);
    if (!cl) {
      cl = { forms: [] };
      clusters.set(key, cl);
    }
    cl.forms.push(c);
    clusterOf.set(c, cl);
    const role = roles.get(c);
    if (role && !cl.role) cl.role = role;
  };
  // multi-word names and places first, so single words can attach to them
  const multi = cands.filter((c) => c.text.includes(' ') || canonicalPlace(c.text));
  const single = cands.filter((c) => !multi.includes(c));
  for (const c of multi) add(keyOf(canonicalPlace(c.text) ?? c.text), c);
  for (const c of single) {
    const k = keyOf(c.text);
    if (clusters.has(k)) {
      add(k, c);
      continue;
    }
    // "Geng" → Geng Shuang (first or last word of a person); "Dahua" → Dahua Technology (first word of an org)
    const hosts = [...clusters.entries()].filter(([key, cl]) => {
      const parts = key.split(' ');
      if (parts.length < 2 || !parts.includes(k.split(' ')[0] ?? '')) return false;
      const t = typeOf(cl);
      // compare whole words of the name as written: "Fernández-Pacheco" is one word of "Ramón Fernández-Pacheco"
      const written = (cl.forms[0]?.text ?? '').split(/\s+/).map(keyOf);
      const open = c.type === null || c.weak === true;
      if (t === 'person') return (open || c.type === 'person') && (written[0] === k || written.at(-1) === k);
      if (t === 'organization') return (open || c.type === 'organization') && parts[0] === k;
      return false;
    });
    if (hosts.length === 1) add((hosts[0] as [string, Cluster])[0], c);
    else add(k, c);
  }
  const entities: Entity[] = [];
  const byMention = new Map<Candidate, Entity>();
  for (const cl of clusters.values()) {
    const type = typeOf(cl);
    const name = nameOf(cl, type);
    const aliases = [...new Set(cl.forms.map((f) => f.text))].filter((a) => a !== name);
    const forms = [...cl.forms].sort((a, b) => a.start - b.start);
    const entity: Entity = {
      id: entityId(type, name),
      name,
      type,
      aliases,
      ...(cl.role ? { role: cl.role } : {}),
      mentions: forms.map((f) => ({ start: f.start, end: f.end, text: f.text })),
    };
    entities.push(entity);
    for (const f of cl.forms) byMention.set(f, entity);
  }
  entities.sort((a, b) => (a.mentions[0]?.start ?? 0) - (b.mentions[0]?.start ?? 0));
  return { entities, byMention };
}
