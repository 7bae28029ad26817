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
  key: string;
  forms: Candidate[];
  role?: string;
  /** Weight of each type among the forms, in the order the types first appeared. */
  counts: Map<EntityType, number>;
  type: EntityType;
}

/** The type most forms give (a learned type counts half, "other" a tenth); the first one seen on a tie. */
function typeOf(counts: Map<EntityType, number>): EntityType {
  let best: EntityType = 'other';
  let most = -Infinity;
  for (const [type, n] of counts) {
    if (n > most) {
      best = type;
      most = n;
    }
  }
  return best;
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

/**
 * Where a single word may attach ("Geng" → Geng Shuang, "Dahua" → Dahua Technology): clusters of two or
 * more words filed under the word a person's name starts or ends with, and the word an organization's
 * starts with, and kept, for each word, as the sets of those now typed person and organization. A single
 * word then finds its hosts in two lookups, not by testing every cluster of the article.
 */
class Hosts {
  private readonly people = new Map<string, Set<Cluster>>();
  private readonly orgs = new Map<string, Set<Cluster>>();
  private readonly personWords = new Map<Cluster, string[]>();
  private readonly orgWord = new Map<Cluster, string>();

  /** Files a new cluster under the words a single word must equal to attach to it. */
  file(key: string, cl: Cluster): void {
    const parts = key.split(' ');
    if (parts.length < 2) return;
    // compare whole words of the name as written: "Fernández-Pacheco" is one word of "Ramón Fernández-Pacheco"
    const written = (cl.forms[0]?.text ?? '').split(/\s+/).map(keyOf);
    const ends = [...new Set([written[0], written.at(-1)])].filter((w): w is string => w !== undefined && parts.includes(w.split(' ')[0] ?? ''));
    this.personWords.set(cl, ends);
    this.orgWord.set(cl, parts[0] as string);
    this.retype(cl, null);
  }

  /** Moves a cluster between the person and organization sets when its type changes. */
  retype(cl: Cluster, was: EntityType | null): void {
    if (was === cl.type) return;
    const move = (sets: Map<string, Set<Cluster>>, words: string[], type: EntityType) => {
      for (const w of words) {
        if (was === type) sets.get(w)?.delete(cl);
        if (cl.type === type) {
          let set = sets.get(w);
          if (!set) {
            set = new Set();
            sets.set(w, set);
          }
          set.add(cl);
        }
      }
    };
    move(this.people, this.personWords.get(cl) ?? [], 'person');
    const org = this.orgWord.get(cl);
    move(this.orgs, org === undefined ? [] : [org], 'organization');
  }

  /** The one cluster a single word keyed `k` attaches to, or null when none or several could take it. */
  only(k: string, c: Candidate): Cluster | null {
    const open = c.type === null || c.weak === true;
    const people = open || c.type === 'person' ? this.people.get(k) : undefined;
    const orgs = open || c.type === 'organization' ? this.orgs.get(k) : undefined;
    if ((people?.size ?? 0) + (orgs?.size ?? 0) !== 1) return null;
    return [...(people?.size ? people : (orgs as Set<Cluster>))][0] as Cluster;
  }
}

export function resolveEntities(cands: Candidate[], roles: Map<Candidate, string>): { entities: Entity[]; byMention: Map<Candidate, Entity> } {
  const clusters = new Map<string, Cluster>();
  const hosts = new Hosts();
  const add = (key: string, c: Candidate) => {
    let cl = clusters.get(key);
    const created = !cl;
    if (!cl) {
      cl = { key, forms: [], counts: new Map(), type: 'other' };
      clusters.set(key, cl);
    }
    cl.forms.push(c);
    const was = created ? null : cl.type;
    if (c.type) cl.counts.set(c.type, (cl.counts.get(c.type) ?? 0) + (c.type === 'other' ? 0.1 : c.weak ? 0.5 : 1));
    cl.type = typeOf(cl.counts);
    if (created) hosts.file(key, cl);
    else hosts.retype(cl, was);
    const role = roles.get(c);
    if (role && !cl.role) cl.role = role;
  };
  // multi-word names and places first, so single words can attach to them
  const multi = cands.filter((c) => c.text.includes(' ') || canonicalPlace(c.text));
  const isMulti = new Set(multi);
  const single = cands.filter((c) => !isMulti.has(c));
  for (const c of multi) add(keyOf(canonicalPlace(c.text) ?? c.text), c);
  for (const c of single) {
    const k = keyOf(c.text);
    if (clusters.has(k)) {
      add(k, c);
      continue;
    }
    add(hosts.only(k, c)?.key ?? k, c);
  }
  const entities: Entity[] = [];
  const byMention = new Map<Candidate, Entity>();
  for (const cl of clusters.values()) {
    const type = cl.type;
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
