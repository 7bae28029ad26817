// Direct quotes and their attribution, per paragraph: a quote may hold several sentences, and a quote that
// follows an attributed one in the same or the next paragraph continues its speaker.
import { PARTICIPLE, SPEECH } from './lexicon.js';
import { indexMask } from './mask-index.js';
import { ADV, kindOf, type PatternInput, type RawClaim, trimSpan, words } from './phrases.js';
import { resolveSpeaker } from './speaker.js';

const NP_AFTER_QUOTE = new RegExp(`^[\\s,\u2588]*?,?\\s*([^.;:!?\u2588\\n]{1,120}?)\\s+${ADV}(${SPEECH})\\b`, 'i');
const CUE_AFTER_QUOTE = new RegExp(`^[\\s,]*(${SPEECH})\\s+([^,.;:!?\u2588\\n]{1,60}?)(?=\\s*(?:[,.;!?]|$)|\\s+(?:in|on|at|to|during|yesterday|today|last|earlier|later)\\b)`, 'i');
const PARTICIPLE_AFTER_ATTRIBUTION = new RegExp(`^[^.!?\u2588]{0,60}?,\\s+(${PARTICIPLE})\\s+`, 'i');
const NP_BEFORE_QUOTE = new RegExp(`([^,.;!?\u2588\\n]{1,80}?)\\s+${ADV}(${SPEECH})\\s*(?:[:,]|\\bthat)?\\s*$`, 'i');
/**
 * How far before a quote NP_BEFORE_QUOTE looks: its noun phrase is at most 80 characters and what follows
 * (adverbs, the verb, a colon) far less than the rest, so the match is the one the whole paragraph gives,
 * at a cost that does not grow with the paragraph.
 */
const BEFORE_WINDOW = 400;

/** The last character of text[from, to) that is no space, or '' when there is none. */
function lastNonSpace(text: string, from: number, to: number): string {
  let i = to - 1;
  while (i >= from && /\s/.test(text[i] as string)) i--;
  return i >= from ? (text[i] as string) : '';
}

/** Direct quotes with their attribution: after ("…," Xu said), inverted (said Xu), before (Xu said: "…"). */
export function directQuotes(inp: PatternInput): RawClaim[] {
  const { text, mask, quotes } = inp;
  const idx = indexMask(mask);
  const out: (RawClaim | null)[] = [];
  let prev = null as { claim: RawClaim; paraEnd: number; quoteEnd: number } | null;
  // the run of spaces and masked quotes after a quote, remembered: quotes side by side share one
  let runFrom = -1;
  let runTo = -1;
  const runEnd = (from: number): number => {
    if (from >= runFrom && from <= runTo) return runTo;
    let i = from;
    while (i < mask.length && /[\s\u2588]/.test(mask[i] as string)) i++;
    runFrom = from;
    runTo = i;
    return i;
  };
  // a participle's content that ran to its paragraph's end for want of a sentence end: the next quote
  // attributed on its own ends it, so that contents never pile up over a paragraph of quotes
  let open = null as { at: number; paraEnd: number } | null;
  for (const q of quotes) {
    const inner = text.slice(q.innerStart, q.innerEnd);
    if (words(inner) < 1) continue;
    // "Fox and Friends", “Shark Tank”: a quoted title is no speech
    if (words(inner) <= 5 && !/[.!?,]$/.test(inner.trim()) && inner.split(/\s+/).every((w) => /^(\p{Lu}|of|and|the|in|on|a|to|for)/u.test(w))) continue;
    const paraStart = idx.paragraphStart(q.start);
    const paraEnd = idx.paragraphEnd(q.end);
    const after = mask.slice(q.end, Math.min(paraEnd, q.end + 160));
    const beforeStart = Math.max(paraStart, q.start - BEFORE_WINDOW);
    const before = mask.slice(beforeStart, q.start);
    // the quote with its marks, as PolNeAR's annotators mark a quoted content (“…,” included)
    const content = trimSpan(text, q.start, q.end, true);
    let claim: RawClaim | null = null;
    // only a quote that opens its sentence is the whole claim; a fragment belongs to reported speech
    const opensSentence = /^[.!?:\u201d"']?$/.test(lastNonSpace(text, paraStart, q.start));
    const ends = runEnd(q.end);
    const closesSentence = ends >= paraEnd || /[.!?]/.test(mask[ends] as string) || /[.!?]$/.test(inner.trimEnd());
    const a = opensSentence ? NP_AFTER_QUOTE.exec(after) : null;
    if (a?.[1] && a[2] && words(a[1]) <= 16) {
      const npStart = q.end + after.indexOf(a[1], 0);
      const cueStart = q.end + (a.index ?? 0) + a[0].length - a[2].length;
      const speaker = resolveSpeaker(inp, npStart, npStart + a[1].length);
      if (speaker) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + a[2].length }, content, confidence: speaker.entityId ? 0.9 : 0.7, rule: 'quote-np-said' };
    }
    // "“…” ― Sonya Herridge": a dash and a name after the quote
    const dash = claim ? null : /^\s*([\u2015\u2014])\s*([^\n.\u2588“"]{2,60}?)(?=\s*(?:[.\n\u2588“"]|$))/.exec(after);
    if (dash?.[1] && dash[2] && words(dash[2]) <= 6) {
      const cueStart = q.end + after.indexOf(dash[1]);
      const npStart = q.end + (dash.index ?? 0) + dash[0].lastIndexOf(dash[2]);
      const speaker = resolveSpeaker(inp, npStart, npStart + dash[2].length);
      if (speaker?.entityId || (speaker && /^\p{Lu}/u.test(dash[2]))) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + 1 }, content, confidence: 0.7, rule: 'quote-dash-name' };
    }
    const b = claim || !opensSentence ? null : CUE_AFTER_QUOTE.exec(after);
    if (b?.[1] && b[2]) {
      const cueStart = q.end + after.indexOf(b[1]);
      const npStart = cueStart + b[0].indexOf(b[2], b[1].length) - b[0].indexOf(b[1]);
      const speaker = resolveSpeaker(inp, npStart, npStart + b[2].length);
      if (speaker) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + b[1].length }, content, confidence: 0.85, rule: 'quote-said-np' };
    }
    const c = claim || !closesSentence ? null : NP_BEFORE_QUOTE.exec(before);
    if (c?.[1] && c[2] && words(c[1]) <= 8) {
      const npStart = beforeStart + (c.index ?? 0) + c[0].indexOf(c[1]);
      const cueStart = beforeStart + (c.index ?? 0) + c[0].lastIndexOf(c[2]);
      const speaker = resolveSpeaker(inp, npStart, npStart + c[1].length);
      if (speaker) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + c[2].length }, content, confidence: 0.85, rule: 'np-said-quote' };
    }
    // a quote that opens a sentence right after an attributed one continues the same speaker, and so does
    // one that resumes the sentence after the attribution: "“Every time,” Tester said, referring to it, “you …”"
    const resumes = prev !== null && prev.paraEnd === paraEnd && prev.claim.cue.start > prev.quoteEnd && prev.claim.cue.start < q.start && !idx.hasStop(prev.quoteEnd, q.start);
    // (the next sentence, not one further on: a paragraph of many sentences, as a wire without line breaks has,
    // tells other things between two quotes)
    const nextSentence = (p: NonNullable<typeof prev>) => {
      const end = idx.sentenceEnd(Math.max(p.quoteEnd, p.claim.cue.end), q.start);
      return end < 0 || idx.sentenceEnd(end + 1, q.start) < 0;
    };
    const opensNext = prev !== null && opensSentence && ((prev.paraEnd === paraEnd && nextSentence(prev)) || (q.start === paraStart && prev.paraEnd === paraStart - 2));
    if (open && (open.paraEnd !== paraEnd || claim)) {
      out[open.at] = settle(text, out[open.at] as RawClaim, open.paraEnd === paraEnd ? q.start : null, quotes);
      open = null;
    }
    // in the same paragraph, the quote goes on with the same attribution: one claim from the first quote's
    // start to this one's end (“A,” X said. “B.”), as PolNeAR marks it; the last claim must still be it
    if (!claim && prev && prev.paraEnd === paraEnd && (resumes || opensNext) && out.at(-1) === prev.claim) {
      const merged: RawClaim = { ...prev.claim, content: { start: prev.claim.content.start, end: content.end } };
      out[out.length - 1] = merged;
      prev = { ...prev, claim: merged, quoteEnd: q.end };
      continue;
    }
    if (!claim && prev && words(inner) >= 2 && (resumes || opensNext)) {
      claim = { ...prev.claim, content, confidence: 0.75, rule: 'quote-continued' };
    }
    if (claim) {
      out.push(claim);
      prev = { claim, paraEnd, quoteEnd: q.end };
      // "“…,” Mao said, adding that …": the participle after the attribution is a claim of the same speaker
      if (claim.cue.start > q.end) {
        const rest = mask.slice(claim.cue.end, paraEnd);
        const end = idx.sentenceEnd(claim.cue.end, paraEnd);
        const sentenceEnd = end < 0 ? -1 : end - claim.cue.end;
        const m = PARTICIPLE_AFTER_ATTRIBUTION.exec(rest);
        if (m?.[1] && (sentenceEnd < 0 || (m.index ?? 0) + m[0].length < sentenceEnd)) {
          const cueStart = claim.cue.end + m[0].lastIndexOf(m[1]);
          const contentStart = claim.cue.end + m[0].length;
          const content = trimSpan(text, contentStart, sentenceEnd < 0 ? paraEnd : claim.cue.end + sentenceEnd);
          const participle: RawClaim = { kind: 'indirect', speaker: claim.speaker, cue: { start: cueStart, end: cueStart + m[1].length }, content, confidence: 0.7, rule: 'participle-after-quote' };
          if (sentenceEnd < 0) {
            // running to the paragraph's end: settled (read, perhaps cut) when its extent is known
            open = { at: out.length, paraEnd };
            out.push(participle);
          } else if (words(text.slice(content.start, content.end)) >= 3) out.push({ ...participle, kind: kindOf(text, content, quotes) });
        }
      }
    }
  }
  if (open) out[open.at] = settle(text, out[open.at] as RawClaim, null, quotes);
  return out.filter((c): c is RawClaim => c !== null);
}

/**
 * A participle's content that ran to its paragraph's end, cut where the next quote attributed on its own
 * opens (`at`, null when none came), read once it is final: nothing when fewer than three words are left.
 */
function settle(text: string, claim: RawClaim, at: number | null, quotes: PatternInput['quotes']): RawClaim | null {
  const content = at !== null && at < claim.content.end ? trimSpan(text, claim.content.start, Math.max(claim.content.start, at)) : claim.content;
  if (words(text.slice(content.start, content.end)) < 3) return null;
  return { ...claim, kind: kindOf(text, content, quotes), content };
}
