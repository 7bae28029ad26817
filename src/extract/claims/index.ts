// Stage: claims. Who said what (direct, indirect, mixed) or took which stance, toward whom.
import { sha256 } from '../../hash.js';
import type { Claim, Entity } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import type { Sentence } from '../sentences.js';
import type { RawClaim } from './phrases.js';
import { directQuotes } from './quote-claims.js';
import { sentenceClaims } from './speech-claims.js';
import { findQuotes, maskQuotes } from './quotes.js';
import { stanceOf, targetOf } from './stance.js';

const speakerNames = (c: RawClaim, entities: Entity[]): string[] => {
  const e = entities.find((x) => x.id === c.speaker?.entityId);
  return e ? [e.name, ...e.aliases] : [];
};

const normWords = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A claim id survives re-extraction: the article, who speaks, and the content's words. */
export function claimId(articleId: string, speaker: string, content: string): string {
  return sha256(`${articleId}\u0000${normWords(speaker)}\u0000${normWords(content)}`).slice(0, 20);
}

export function extractClaims(articleId: string, text: string, sentences: Sentence[], entities: Entity[], mentions: EntityMention[]): Claim[] {
  const quotes = findQuotes(text);
  const inp = { text, mask: maskQuotes(text, quotes), sentences, quotes, mentions, entities };
  const raw: RawClaim[] = directQuotes(inp);
  const used = new Set(raw.map((c) => c.cue.start));
  const covered = (a: number, b: number) => raw.some((c) => c.content.start <= a && b <= c.content.end);
  for (const s of sentences) {
    if (covered(s.start + 1, s.end - 1)) continue; // wholly inside a quote already attributed
    for (const c of sentenceClaims(inp, s, used)) if (!raw.some((r) => r.content.start === c.content.start && r.content.end === c.content.end)) raw.push(c);
  }
  raw.sort((a, b) => a.content.start - b.content.start);
  const seen = new Set<string>();
  const out: Claim[] = [];
  for (const c of raw) {
    const content = text.slice(c.content.start, c.content.end);
    const stance = stanceOf(c, content, speakerNames(c, entities));
    const speakerKey = c.speaker?.name ?? c.speaker?.text ?? '';
    let id = claimId(articleId, speakerKey, content);
    while (seen.has(id)) id = claimId(articleId, `${speakerKey}+`, `${content}${id}`);
    seen.add(id);
    out.push({
      id,
      kind: c.kind,
      speaker: c.speaker,
      cue: { text: text.slice(c.cue.start, c.cue.end), ...c.cue },
      content: { text: content, ...c.content },
      target: targetOf(c, inp, stance),
      stance,
      confidence: c.confidence,
    });
  }
  return out;
}
