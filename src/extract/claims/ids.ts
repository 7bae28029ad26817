// Claim ids: stable across re-extraction (the article, who speaks, the content's words), and unique within a
// record: a twin (same speaker, same words) takes the next link of a hash chain seeded by its own words.
import { sha256 } from '../../hash.js';

const normWords = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A claim id survives re-extraction: the article, who speaks, and the content's words. */
export function claimId(articleId: string, speaker: string, content: string): string {
  return sha256(`${articleId}\u0000${normWords(speaker)}\u0000${normWords(content)}`).slice(0, 20);
}

/**
 * Gives each claim its id, twins the next unused link of their chain: id₀ = claimId(speaker, content),
 * idₖ₊₁ = claimId(speaker+, content + idₖ). The last link given is remembered per (speaker, content), so
 * the k-th twin costs one hash, not k: every link before it is taken already, and links are never freed,
 * so resuming there gives the id a walk from id₀ would.
 */
export function claimIds(articleId: string): (speaker: string, content: string) => string {
  const seen = new Set<string>();
  const lastLink = new Map<string, string>();
  return (speaker, content) => {
    const key = `${speaker}\u0000${content}`;
    const last = lastLink.get(key);
    let id = last === undefined ? claimId(articleId, speaker, content) : claimId(articleId, `${speaker}+`, `${content}${last}`);
    while (seen.has(id)) id = claimId(articleId, `${speaker}+`, `${content}${id}`);
    seen.add(id);
    lastLink.set(key, id);
    return id;
  };
}
