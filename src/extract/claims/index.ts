// Stage: claims. Who said what (direct, indirect, mixed) or took which stance, toward whom.
import type { Claim, Entity, Producer } from '../../record.js';
import { modelIds } from '../models.js';
import type { EntityMention } from '../entities/index.js';
import type { Sentence } from '../sentences.js';
import { claimConfidence } from './confidence.js';
import { claimIds } from './ids.js';
import type { RawClaim } from './phrases.js';
import { learnedClaims } from './learned-attribution.js';
import { directQuotes } from './quote-claims.js';
import { sentenceClaims } from './speech-claims.js';
import { findQuotes, maskQuotes } from './quotes.js';
import { passiveAgents, relationClaims, stanceModelRef } from './relations.js';
import { type ClaimStance, claimStance } from './stance.js';
import { opinionModelRef } from './opinion-lexicon.js';

export { claimId } from './ids.js';

/**
 * Whether [a, b) lies inside the content of a claim found so far. Sentences ask in text order, so the
 * contents that start at or before a are folded into one reach as they come: no scan over every claim.
 */
function coverage(initial: RawClaim[]): { covered: (a: number, b: number) => boolean; add: (c: RawClaim) => void } {
  const byStart = [...initial].sort((x, y) => x.content.start - y.content.start);
  let next = 0;
  let reach = -1;
  let pending: RawClaim[] = [];
  return {
    covered(a, b) {
      while (next < byStart.length && (byStart[next] as RawClaim).content.start <= a) reach = Math.max(reach, (byStart[next++] as RawClaim).content.end);
      if (pending.length) {
        for (const c of pending) if (c.content.start <= a) reach = Math.max(reach, c.content.end);
        pending = pending.filter((c) => c.content.start > a);
      }
      return reach >= b;
    },
    add(c) {
      pending.push(c);
    },
  };
}

/** What decided a claim's stance, as the record says it. */
const stanceBy = (by: ClaimStance['by']): Producer =>
  by === 'model'
    ? { by: 'model', name: 'stance-pairs', model: stanceModelRef() }
    : by === 'opinion'
      ? { by: 'model', name: 'opinion-lexicon', model: opinionModelRef() }
      : { by: 'rule', name: 'stance-lexicon' };

export function extractClaims(articleId: string, text: string, sentences: Sentence[], entities: Entity[], mentions: EntityMention[]): Claim[] {
  const quotes = findQuotes(text);
  const inp = { text, mask: maskQuotes(text, quotes), sentences, quotes, mentions, entities };
  const raw: RawClaim[] = directQuotes(inp);
  const used = new Set(raw.map((c) => c.cue.start));
  const { covered, add } = coverage(raw);
  const spans = new Set(raw.map((c) => `${c.content.start},${c.content.end}`));
  for (const s of sentences) {
    if (covered(s.start + 1, s.end - 1)) continue; // wholly inside a quote already attributed
    for (const c of sentenceClaims(inp, s, used)) {
      const span = `${c.content.start},${c.content.end}`;
      if (spans.has(span)) continue;
      spans.add(span);
      raw.push(c);
      add(c);
    }
  }
  const learned = learnedClaims(inp, raw);
  // a claim whose content held another attribution ends where that one begins
  for (const [c, content] of learned.trimmed) c.content = content;
  raw.push(...learned.claims);
  // stance claims where a sentence states one entity's stance toward another and no claim holds it
  raw.push(...relationClaims(inp, raw));
  // a stance verb in the passive is its agent's: "X was praised by Y" is Y's praise of X
  const found = passiveAgents(inp, raw).sort((a, b) => a.content.start - b.content.start);
  // the first entity of each id, as a scan of the entities in order would find it
  const byId = new Map<string, Entity>();
  for (const e of entities) if (!byId.has(e.id)) byId.set(e.id, e);
  const speakerNames = (c: RawClaim): string[] => {
    const e = c.speaker?.entityId == null ? undefined : byId.get(c.speaker.entityId);
    return e ? [e.name, ...e.aliases] : [];
  };
  const idOf = claimIds(articleId);
  const ids = modelIds();
  const modelOf = (name: string) => `${name}:${ids[name] ?? 'unknown'}`;
  const attribution = (c: RawClaim): Producer => (c.rule.startsWith('learned-') ? { by: 'model', name: c.rule, model: modelOf(c.model ?? 'cue-polnear') } : { by: 'rule', name: c.rule });
  const out: Claim[] = [];
  for (const c of found) {
    const content = text.slice(c.content.start, c.content.end);
    // the stance model decides where it takes a side toward an entity of the sentence; the lexicon elsewhere
    const { stance, target, targets, by } = claimStance(inp, c, content, speakerNames(c));
    const id = idOf(c.speaker?.name ?? c.speaker?.text ?? '', content);
    out.push({
      id,
      kind: c.kind,
      speaker: c.speaker,
      cue: { text: text.slice(c.cue.start, c.cue.end), ...c.cue },
      content: { text: content, ...c.content },
      target,
      stance,
      confidence: claimConfidence(c),
      targets,
      provenance: { attribution: attribution(c), stance: stanceBy(by) },
    });
  }
  return out;
}
