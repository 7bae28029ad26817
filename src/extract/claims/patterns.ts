// Attribution patterns. Quotes are found per paragraph (a quote may hold several sentences); reported
// speech and stance verbs per sentence, on a copy of the text with quotes masked so that a verb inside
// a quote is never taken for the cue.
import type { ClaimKind, Speaker } from '../../record.js';
import type { Sentence } from '../sentences.js';
import { ADVERBS, PARTICIPLE, SPEECH, STANCE, STANCE_FORMS } from './lexicon.js';
import { datelineLength, type Quote } from './quotes.js';
import { resolveSpeaker, type SpeakerContext } from './speaker.js';
import { lexTags } from '../entities/lexicon.js';
import { type Token, tokenize } from '../tokens.js';
import { findCues } from './cue-tagger.js';

const VERB_TAG = /^(PastTense|Modal|Copula)$/;

export interface Span {
  start: number;
  end: number;
}

export interface RawClaim {
  kind: ClaimKind;
  speaker: Speaker | null;
  cue: Span;
  content: Span;
  /** Stance carried by the cue itself ("condemns", "urging"), before the content is read. */
  cueStance?: 'support' | 'oppose';
  confidence: number;
}

const ADV = `(?:(?:${ADVERBS})\\s+)*`;
const NP_AFTER_QUOTE = new RegExp(`^[\\s,\u2588]*?,?\\s*([^.;:!?\u2588\\n]{1,120}?)\\s+${ADV}(${SPEECH})\\b`, 'i');
const CUE_AFTER_QUOTE = new RegExp(`^[\\s,]*(${SPEECH})\\s+([^,.;:!?\u2588\\n]{1,60}?)(?=\\s*(?:[,.;!?]|$)|\\s+(?:in|on|at|to|during|yesterday|today|last|earlier|later)\\b)`, 'i');
const NP_BEFORE_QUOTE = new RegExp(`([^,.;!?\u2588\\n]{1,80}?)\\s+${ADV}(${SPEECH})\\s*(?:[:,]|\\bthat)?\\s*$`, 'i');
const CUE_GLOBAL = new RegExp(`\\b(?:${SPEECH})\\b`, 'g'); // cues are lowercase: "States" is no verb
const ACCORDING = /\b[Aa]ccording to\s+([^,.;\u2588\n]{1,80}?)(?=\s*(?:[,.;]|$))/;
const PARTICIPLE_CLAUSE = new RegExp(`^,\\s+(${PARTICIPLE})\\s+(?:that\\s+)?`, 'i');
const STANCE_RE = new RegExp(`(?:^|\\s|[\u201c"])${ADV}(${STANCE})(?:[\u201d"])?(?:\\s+and\\s+(?:[\u201c"])?(${STANCE})(?:[\u201d"])?)?\\s+(?=\\S)`, 'i');
const TRAILING_ADJUNCT = /^\s+(?:in|on|at|to|during|yesterday|today|tonight|last|earlier|later|this|late|early|after|before|when|while|via|through|from|with|according)\b[^\u2588]*$/i;
const CONTENT_LEAD = /^\s*(?:,\s*)?(?:in a (?:statement|post|letter|interview|report|tweet|filing|briefing|speech)(?:\s+(?:to|on|with|released|issued|posted)\b[^,]*?)?\s*,?\s*)?(?:on \w+\s*,?\s*)?(?:that\s+)?[:,]?\s*/i;

const AMBIGUOUS = /^(shows|showed|show|found|finds|indicates|indicated|indicate|suggested|added|adds|noted|notes|reported|reports|posted|stated|answered|answers|estimated|estimates|observed|observes|maintained|maintains|predicted|predicts|recalled|recalls)$/i;

/** A lowercase word that can only be a finite verb: the phrase is a clause, not a speaker. */
const hasVerb = (phrase: string) => phrase.split(/\s+/).some((w) => /^\p{Ll}/u.test(w) && lexTags(w.replace(/[^\p{L}]/gu, '')).some((t) => t === 'PastTense' || t === 'PresentTense'));

/** Verbs before "that" or "to" that attribute nothing: "so that", "has to", "used to", "is to". */
const NOT_CUES = /^(is|was|are|were|be|been|has|have|had|does|did|do|used|going|got|gets|seems|seemed|appears|appeared|means|meant|ensure|ensured|so|such|now|given|made|makes|came|comes|went|goes|took|takes|turned|led|began|begins|started|continued|tried|tries|needs|needed|helped|helps|happened|happens)$/;
/** Verbs of intention that take "to": "wants to", "vowed to". */
const INTENT = /^(wants|wanted|plans|planned|hopes|hoped|intends|intended|vowed|vows|pledged|pledges|promised|promises|refused|refuses|agreed|agrees|decided|decides|threatened|threatens|offered|offers|proposed|proposes|urged|urges|expects|expected|aims|aimed|sought|seeks)$/;

/** Cues that are nouns as often as verbs ("battleground states", "his comments"). */
const NOUNISH = /^(states|claims|comments|plans|reports|shows|notes|remarks|answers|hopes|fears|worries|promises|pledges|vows|estimates|suggests|points)$/;

const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /[\s,:;]/.test(text[s] ?? '')) s++;
  while (e > s && /[\s,;:.]/.test(text[e - 1] ?? '')) e--;
  return { start: s, end: e };
}

function kindOf(text: string, span: Span, quotes: Quote[]): ClaimKind {
  const inside = quotes.filter((q) => q.start >= span.start - 1 && q.end <= span.end + 1);
  if (inside.length === 1 && inside[0] && inside[0].innerStart <= span.start + 1 && inside[0].innerEnd >= span.end - 1) return 'direct';
  return inside.length || /[\u201c\u201d"]/.test(text.slice(span.start, span.end)) ? 'mixed' : 'indirect';
}

export interface PatternInput extends SpeakerContext {
  mask: string;
  sentences: Sentence[];
  quotes: Quote[];
}

/** Direct quotes with their attribution: after ("…," Xu said), inverted (said Xu), before (Xu said: "…"). */
export function directQuotes(inp: PatternInput): RawClaim[] {
  const { text, mask, quotes } = inp;
  const out: RawClaim[] = [];
  let prev = null as { claim: RawClaim; paraEnd: number; quoteEnd: number } | null;
  for (const q of quotes) {
    const inner = text.slice(q.innerStart, q.innerEnd);
    if (words(inner) < 1) continue;
    // "Fox and Friends", “Shark Tank”: a quoted title is no speech
    if (words(inner) <= 5 && !/[.!?,]$/.test(inner.trim()) && inner.split(/\s+/).every((w) => /^(\p{Lu}|of|and|the|in|on|a|to|for)/u.test(w))) continue;
    const paraStart = text.lastIndexOf('\n', q.start - 1) + 1;
    let paraEnd = text.indexOf('\n', q.end);
    if (paraEnd < 0) paraEnd = text.length;
    const after = mask.slice(q.end, Math.min(paraEnd, q.end + 160));
    const before = mask.slice(paraStart, q.start);
    const content = trimSpan(text, q.innerStart, q.innerEnd);
    let claim: RawClaim | null = null;
    // only a quote that opens its sentence is the whole claim; a fragment belongs to reported speech
    const opensSentence = /(^|[.!?:\u201d"'])$/.test(text.slice(paraStart, q.start).trimEnd());
    const closesSentence = /^[\s\u2588]*([.!?]|$)/.test(mask.slice(q.end, paraEnd)) || /[.!?]$/.test(inner.trimEnd());
    const a = opensSentence ? NP_AFTER_QUOTE.exec(after) : null;
    if (a?.[1] && a[2] && words(a[1]) <= 16) {
      const npStart = q.end + after.indexOf(a[1], 0);
      const cueStart = q.end + (a.index ?? 0) + a[0].length - a[2].length;
      const speaker = resolveSpeaker(inp, npStart, npStart + a[1].length);
      if (speaker) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + a[2].length }, content, confidence: speaker.entityId ? 0.9 : 0.7 };
    }
    // "“…” ― Sonya Herridge": a dash and a name after the quote
    const dash = claim ? null : /^\s*([\u2015\u2014])\s*([^\n.\u2588“"]{2,60}?)(?=\s*(?:[.\n\u2588“"]|$))/.exec(after);
    if (dash?.[1] && dash[2] && words(dash[2]) <= 6) {
      const cueStart = q.end + after.indexOf(dash[1]);
      const npStart = q.end + (dash.index ?? 0) + dash[0].lastIndexOf(dash[2]);
      const speaker = resolveSpeaker(inp, npStart, npStart + dash[2].length);
      if (speaker?.entityId || (speaker && /^\p{Lu}/u.test(dash[2]))) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + 1 }, content, confidence: 0.7 };
    }
    const b = claim || !opensSentence ? null : CUE_AFTER_QUOTE.exec(after);
    if (b?.[1] && b[2]) {
      const cueStart = q.end + after.indexOf(b[1]);
      const npStart = cueStart + b[0].indexOf(b[2], b[1].length) - b[0].indexOf(b[1]);
      const speaker = resolveSpeaker(inp, npStart, npStart + b[2].length);
      if (speaker) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + b[1].length }, content, confidence: 0.85 };
    }
    const c = claim || !closesSentence ? null : NP_BEFORE_QUOTE.exec(before);
    if (c?.[1] && c[2] && words(c[1]) <= 8) {
      const npStart = paraStart + (c.index ?? 0) + c[0].indexOf(c[1]);
      const cueStart = paraStart + (c.index ?? 0) + c[0].lastIndexOf(c[2]);
      const speaker = resolveSpeaker(inp, npStart, npStart + c[1].length);
      if (speaker) claim = { kind: 'direct', speaker, cue: { start: cueStart, end: cueStart + c[2].length }, content, confidence: 0.85 };
    }
    // a quote that opens a sentence right after an attributed one continues the same speaker, and so does
    // one that resumes the sentence after the attribution: "“Every time,” Tester said, referring to it, “you …”"
    const resumes = prev !== null && prev.paraEnd === paraEnd && prev.claim.cue.start > prev.quoteEnd && prev.claim.cue.start < q.start && !/[.!?]/.test(mask.slice(prev.quoteEnd, q.start).replace(/\u00b7/g, ''));
    const opensNext = prev !== null && opensSentence && (prev.paraEnd === paraEnd || (q.start === paraStart && prev.paraEnd === paraStart - 2));
    if (!claim && prev && words(inner) >= 2 && (resumes || opensNext)) {
      claim = { ...prev.claim, content, confidence: 0.75 };
    }
    if (claim) {
      out.push(claim);
      prev = { claim, paraEnd, quoteEnd: q.end };
      // "“…,” Mao said, adding that …": the participle after the attribution is a claim of the same speaker
      if (claim.cue.start > q.end) {
        const rest = mask.slice(claim.cue.end, paraEnd);
        const sentenceEnd = rest.search(/[.!?](\s|$)/);
        const m = new RegExp(`^[^.!?\u2588]{0,60}?,\\s+(${PARTICIPLE})\\s+(?:that\\s+)?`, 'i').exec(rest);
        if (m?.[1] && (sentenceEnd < 0 || (m.index ?? 0) + m[0].length < sentenceEnd)) {
          const cueStart = claim.cue.end + m[0].lastIndexOf(m[1]);
          const contentStart = claim.cue.end + m[0].length;
          const content = trimSpan(text, contentStart, sentenceEnd < 0 ? paraEnd : claim.cue.end + sentenceEnd);
          if (words(text.slice(content.start, content.end)) >= 3) out.push({ kind: kindOf(text, content, quotes), speaker: claim.speaker, cue: { start: cueStart, end: cueStart + m[1].length }, content, confidence: 0.7 });
        }
      }
    }
  }
  return out;
}

/** Reported speech and stance in one sentence. `used` holds the cue offsets already taken. */
export function sentenceClaims(inp: PatternInput, s: Sentence, used: Set<number>): RawClaim[] {
  const { text, mask, quotes } = inp;
  const ms = mask.slice(s.start, s.end);
  const out: RawClaim[] = [];
  const make = (kind: ClaimKind | null, speaker: Speaker | null, cue: Span, content: Span, confidence: number, cueStance?: 'support' | 'oppose'): RawClaim | null => {
    if (!speaker || content.end - content.start < 8 || words(text.slice(content.start, content.end)) < 2) return null;
    used.add(cue.start);
    return { kind: kind ?? kindOf(text, content, quotes), speaker, cue, content, confidence, ...(cueStance ? { cueStance } : {}) };
  };
  const participle = (afterCue: number) => {
    const m = PARTICIPLE_CLAUSE.exec(ms.slice(afterCue - s.start));
    const verb = m?.[1];
    if (!m || !verb) return;
    const cueStart = afterCue + m[0].indexOf(verb);
    const content = trimSpan(text, afterCue + m[0].length, s.end);
    const first = out[0];
    const stance = STANCE_FORMS.get(verb.toLowerCase().replace(/ing$/, '')) ?? STANCE_FORMS.get(verb.toLowerCase().replace(/ing$/, 'e'));
    const c = make(null, first?.speaker ?? null, { start: cueStart, end: cueStart + verb.length }, content, 0.7, stance);
    if (c) out.push(c);
  };

  for (const m of ms.matchAll(CUE_GLOBAL)) {
    const cueStart = s.start + (m.index ?? 0);
    const cue = { start: cueStart, end: cueStart + m[0].length };
    if (used.has(cueStart)) continue;
    const before = ms.slice(0, m.index ?? 0);
    const afterText = ms.slice((m.index ?? 0) + m[0].length);
    // "CONTENT, NP said." / "CONTENT, NP said in a statement."
    const trailing = /^(.*[^\s,]),[\u2588\s]*\s+([^,;\u2588]{1,80}?)\s+$/.exec(before.replace(new RegExp(`\\s+${ADV}$`), ' ').replace(/\s*$/, ' '));
    // "…, X told The Post" counts as a trailing attribution too
    const restShort =
      /^\s*[.!?]?\s*$/.test(afterText) ||
      (TRAILING_ADJUNCT.test(afterText) && words(afterText) <= 14) ||
      PARTICIPLE_CLAUSE.test(afterText) ||
      (/^(told|tells)$/.test(m[0]) && !/\bthat\b|\u2588/.test(afterText) && words(afterText) <= 12);
    if (trailing?.[1] && trailing[2] && restShort && words(trailing[2]) <= 8 && words(trailing[1]) >= 3 && !hasVerb(trailing[2])) {
      const npStart = s.start + trailing[1].length + before.slice(trailing[1].length).indexOf(trailing[2]);
      const speaker = resolveSpeaker(inp, npStart, npStart + trailing[2].length);
      const c = make(null, speaker, cue, trimSpan(text, s.start, s.start + trailing[1].length), 0.8);
      if (c) {
        out.push(c);
        participle(cue.end);
        break;
      }
    }
    // "CONTENT, said NP(, urging ...)"
    const inverted = /,\s*$/.test(before) && words(before) >= 3 ? /^\s+([^,.;\u2588]{1,60}?)(?=\s*(?:[.!?]|,|$))/.exec(afterText) : null;
    if (inverted?.[1] && words(inverted[1]) <= 6 && !hasVerb(inverted[1]) && !/\b(still|also|not|never|would|will|can|could|should|want|wants|need|needs)\b/.test(inverted[1])) {
      const npStart = cue.end + afterText.indexOf(inverted[1]);
      const speaker = resolveSpeaker(inp, npStart, npStart + inverted[1].length);
      const c = make(null, speaker, cue, trimSpan(text, s.start, s.start + before.length), 0.8);
      if (c) {
        out.push(c);
        participle(npStart + inverted[1].length);
        break;
      }
    }
    // "NP(, apposition,) said (that) CONTENT"; "NP called X “…” and said CONTENT": the sentence's subject
    const coordinated = /\s(?:and|but)\s*$/i.test(before.replace(new RegExp(`\\s+${ADV}$`, 'i'), ' '));
    const bare = before.replace(new RegExp(`\\s+${ADV}$`, 'i'), '').trimEnd();
    // a name right before the cue speaks, however long the sentence before it: "... the Post Trump said"
    const named = inp.mentions.find((x) => x.end === s.start + bare.length && x.entity.type !== 'place' && x.start >= s.start);
    const np = coordinated ? subjectAtSentenceStart(ms) : (subjectBefore(ms, bare) ?? (named ? { start: named.start - s.start, end: named.end - s.start } : null));
    // "added", "noted" name an addition unless a clause follows: "added 28 firms to the list"
    const clauseFollows = /^\s*(?:,\s*)?(?:that\b|:|\u2588)/.test(afterText);
    if (np && (!AMBIGUOUS.test(m[0]) || clauseFollows)) {
      const when = /^\s+(?:on|in|at|last|this|late|early|earlier|later)\b[^,.\u2588]{0,30}?\s+that\s+/i.exec(afterText);
      let lead = when ? when[0].length : (CONTENT_LEAD.exec(afterText)?.[0].length ?? 0);
      if (/^told$/i.test(m[0])) {
        const that = /^\s+(?:[^,.;\u2588]{1,50}?)\s+that\s+/.exec(afterText) ?? /^\s+(?:reporters|journalists|the media|the press|\S+)\s+/.exec(afterText);
        lead = that ? that[0].length : lead;
      }
      const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
      const content = trimSpan(text, cue.end + lead, s.end);
      const contentText = text.slice(content.start, content.end);
      // "said last week", "told in August": an adjunct, not what was said
      const adjunctOnly = /^(?:on|in|at|last|this|next|during|earlier|later|through|via|with|to|from|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i.test(contentText) && words(contentText) <= 6;
      // "battleground states could be", "his comments came": a noun, unless a name or pronoun stands before it
      const nounish = NOUNISH.test(m[0]) && !speaker?.entityId && !/^(he|she|they|it|we|i)$/i.test(speaker?.text ?? '');
      const c = adjunctOnly || nounish ? null : make(null, speaker, cue, content, 0.75);
      if (c) {
        out.push(c);
        break;
      }
    }
  }
  // "Union leaders welcomed the pledge but said …": the stance before the coordinated cue is a claim too
  const firstCue = out[0]?.cue.start ?? -1;
  const conj = firstCue > 0 ? /\s(?:and|but)\s+(?:also\s+)?$/i.exec(ms.slice(0, firstCue - s.start)) : null;
  if (conj && out[0]) {
    const head = text.slice(s.start, s.start + (conj.index ?? 0));
    const st = STANCE_RE.exec(head);
    if (st?.[1]) {
      const verbAt = s.start + (st.index ?? 0) + st[0].search(new RegExp(`[\u201c"]?${ADV}${st[1]}`, 'i'));
      const cueEnd = s.start + (st.index ?? 0) + st[0].trimEnd().length;
      const c = make('stance', out[0].speaker, { start: verbAt, end: cueEnd }, trimSpan(text, cueEnd, s.start + (conj.index ?? 0)), 0.65, STANCE_FORMS.get((st[2] ?? st[1]).toLowerCase()));
      if (c) out.unshift(c);
    }
  }

  // "NP called OBJECT “QUOTE”": a quoted characterisation is a mixed claim
  const called = /\bcalled\s+([^\u2588,.;]{1,80}?)\s*(\u2588+)/.exec(ms);
  if (called?.[1] && called[2] && !out.some((c) => c.cue.start <= s.start + (called.index ?? 0))) {
    const at = s.start + (called.index ?? 0);
    const pre = ms.slice(0, called.index ?? 0);
    const np = subjectBefore(ms, pre.replace(new RegExp(`\\s+${ADV}$`, 'i'), '')) ?? subjectAtSentenceStart(ms);
    if (np) {
      const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
      const contentEnd = at + called[0].length;
      const c = make('mixed', speaker, { start: at, end: at + 'called'.length }, { start: at + 'called '.length, end: contentEnd }, 0.7);
      if (c) out.unshift(c);
    }
  }
  if (out.length) return out;

  // any verb of saying, thinking or wanting the lexicon knows: "NP believes that CONTENT", "NP wants to CONTENT"
  const generic = /\b([a-z]+)\s+(that\s+|to\s+(?=[a-z]+\b))/g;
  for (const m of ms.matchAll(generic)) {
    const verb = m[1] as string;
    const isThat = (m[2] ?? '').startsWith('that');
    if (!lexTags(verb).some((t) => t === 'PastTense' || t === 'PresentTense') || NOT_CUES.test(verb)) continue;
    if (!isThat && !INTENT.test(verb)) continue;
    const at = s.start + (m.index ?? 0);
    if (used.has(at)) continue;
    const pre = ms.slice(0, m.index ?? 0).replace(new RegExp(`\\s+${ADV}$`, 'i'), '');
    const np = subjectBefore(ms, pre);
    if (!np) continue;
    const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
    if (!speaker?.entityId && !/^(he|she|they|it|we|i)$/i.test(speaker?.text ?? '') && !(speaker && /^\p{Lu}/u.test(speaker.text))) continue;
    const contentStart = isThat ? at + m[0].length : at + verb.length + 1;
    const c = make(null, speaker, { start: at, end: at + verb.length }, trimSpan(text, contentStart, s.end), 0.6);
    if (c) return [c];
  }

  // "According to NP, CONTENT" / "CONTENT, according to NP."
  const acc = ACCORDING.exec(ms);
  if (acc?.[1]) {
    const at = s.start + (acc.index ?? 0);
    const npStart = at + acc[0].indexOf(acc[1]);
    const speaker = resolveSpeaker(inp, npStart, npStart + acc[1].length);
    const cue = { start: at, end: at + 'according to'.length };
    const content = (acc.index ?? 0) < 3 ? trimSpan(text, npStart + acc[1].length, s.end) : trimSpan(text, s.start, at);
    const c = make(null, speaker, cue, content, 0.75);
    if (c) return [c];
  }
  // a cue the learned finder sees where no rule fired: "X questioned whether …", "X blasted Y for …"
  const learned = learnedCueClaim(inp, s, ms, used, make);
  if (learned) return [learned];

  // stance with no reported speech: "China strongly condemns and opposes ...", Hikvision "strongly opposed" the decision
  const body = text.slice(s.start, s.end);
  const dateline = s.start === 0 || text[s.start - 1] === '\n' ? datelineLength(body) : 0;
  const st = STANCE_RE.exec(body);
  if (st?.[1] && (st.index ?? 0) >= dateline) {
    const verbAt = s.start + (st.index ?? 0) + st[0].search(new RegExp(`[\u201c"]?${ADV}${st[1]}`, 'i'));
    const pre = (' '.repeat(dateline) + text.slice(s.start + dateline, verbAt)).replace(new RegExp(`[\\s\u201c"]+${ADV}$`, 'i'), ' ');
    const np = subjectBefore(pre, pre);
    const verbs = st[2] ? [st[1], st[2]] : [st[1]];
    const passive = /^\s*by\b/i.test(body.slice((st.index ?? 0) + st[0].trimEnd().length));
    const determiner = /^(her|his|their|its|our|my|your|the|a|an)$/i.test(pre.slice(np?.start ?? 0, np?.end ?? 0).trim());
    if (np && !passive && !determiner && !/\b(to|not|n't|would|could)\s*$/i.test(pre)) {
      const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
      const cueEnd = s.start + (st.index ?? 0) + st[0].trimEnd().length;
      // ", calling them …" after the object is a claim of its own by the same speaker
      const clause = new RegExp(`,\\s+(?:${PARTICIPLE})\\b`, 'i').exec(ms.slice(cueEnd - s.start));
      const contentEnd = clause ? cueEnd + (clause.index ?? 0) : s.end;
      const stance = STANCE_FORMS.get((verbs.at(-1) ?? '').toLowerCase());
      const c = make('stance', speaker, { start: verbAt, end: cueEnd }, trimSpan(text, cueEnd, contentEnd), 0.7, stance);
      if (c) {
        out.push(c);
        participle(contentEnd);
        return out;
      }
    }
  }
  // "NP added X to its blacklist, claiming that CONTENT": the sentence's subject speaks
  const part = new RegExp(`,\\s+(${PARTICIPLE})\\s+(?:that\\s+)?`, 'i').exec(ms);
  if (part?.[1] && /^(claiming|saying|arguing|insisting|warning|alleging|accusing|calling|urging|demanding|vowing)$/i.test(part[1])) {
    const subj = subjectAtStart(inp, s);
    const cueStart = s.start + (part.index ?? 0) + part[0].indexOf(part[1]);
    const c = make(null, subj, { start: cueStart, end: cueStart + part[1].length }, trimSpan(text, s.start + (part.index ?? 0) + part[0].length, s.end), 0.65);
    if (c) return [c];
  }
  return [];
}

type Make = (kind: ClaimKind | null, speaker: Speaker | null, cue: Span, content: Span, confidence: number) => RawClaim | null;

function learnedCueClaim(inp: PatternInput, s: Sentence, ms: string, used: Set<number>, make: Make): RawClaim | null {
  const { text } = inp;
  const toks = tokenize(ms, s.start);
  for (const c of findCues(toks)) {
    const first = toks[c.start] as Token;
    const last = toks[c.end - 1] as Token;
    if (used.has(first.start) || !/^\p{Ll}+$/u.test(first.text) || STANCE_FORMS.has(first.text)) continue;
    const cue = { start: first.start, end: last.end };
    const before = ms.slice(0, cue.start - s.start);
    const after = ms.slice(cue.end - s.start);
    const tail = /^\s*[.!?]?\s*$/.test(after) || (TRAILING_ADJUNCT.test(after) && words(after) <= 10);
    // "CONTENT, NP cue." and "CONTENT, cue NP."
    const trailing = /^(.*[^\s,]),[\u2588\s]*\s+([^,;\u2588]{1,60}?)\s*$/.exec(before);
    if (trailing?.[1] && trailing[2] && tail && words(trailing[1]) >= 3 && !hasVerb(trailing[2])) {
      const npStart = s.start + before.lastIndexOf(trailing[2]);
      const claim = make(null, resolveSpeaker(inp, npStart, npStart + trailing[2].length), cue, trimSpan(text, s.start, s.start + trailing[1].length), 0.5);
      if (claim) return claim;
    }
    const np = subjectBefore(ms, before.replace(new RegExp(`\\s+${ADV}$`, 'i'), ''));
    // what follows must be said, not done: a clause, a question, a quote ("approved a tram line" is an act)
    const reported = /^\s*(?:[:,]\s*)?(?:that|whether|if|how|why|what|who|when|to\s+\p{L}+|\u2588)/u.test(after) || /\u2588/.test(after);
    if (np && reported && words(after) >= 3) {
      const lead = /^\s*(?:[:,]\s*)?/.exec(after)?.[0].length ?? 0;
      const claim = make(null, resolveSpeaker(inp, s.start + np.start, s.start + np.end), cue, trimSpan(text, cue.end + lead, s.end), 0.5);
      if (claim) return claim;
    }
  }
  return null;
}

/** The last of `chars` at or before `from`, skipping the comma of a number ("1,900"). */
function lastBoundary(str: string, from: number, chars: string): number {
  for (let i = from; i >= 0; i--) {
    const c = str[i] ?? '';
    if (!chars.includes(c)) continue;
    if (c === ',' && /\d/.test(str[i - 1] ?? '') && /\d/.test(str[i + 1] ?? '')) continue;
    return i;
  }
  return -1;
}

/**
 * The subject noun phrase that ends right before a cue: "The official", or a name with its apposition,
 * "Geng Shuang, spokesperson for X," / "The regional minister, Ramón Fernández-Pacheco," (both halves kept:
 * the speaker resolver picks the name).
 */
function subjectBefore(ms: string, before: string): Span | null {
  const pre = before.replace(/\s+$/, '');
  if (!pre || /\u2588$/.test(pre)) return null;
  let end = pre.length;
  let headEnd: number;
  let start: number;
  // "an architect who said": the relative pronoun's antecedent speaks
  const who = /(\b(?:a|an|the|one|some|two|three)\s+(?:[\p{L}’'.-]+\s+){0,3}?[\p{L}’'.-]+|\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*){0,3}),?\s+who$/u.exec(pre);
  // the phrase keeps its "who": it is where the text names the speaker as the speaker
  if (who?.[1]) return { start: pre.length - who[0].length, end: pre.length };
  if (pre.endsWith(',')) {
    let open = lastBoundary(pre, pre.length - 2, ',');
    if (open < 0) return null;
    end = pre.length - 1;
    // several appositions: "Michael Mulgrew, president of the union, which represents teachers," — go back to the name
    for (let k = 0; k < 3; k++) {
      const prevOpen = lastBoundary(pre, open - 1, ',');
      if (prevOpen < 0 || /^\p{Lu}/u.test(pre.slice(prevOpen + 1, open).trimStart())) break; // the name is right before
      open = prevOpen;
    }
    headEnd = open;
    start = lastBoundary(pre, open - 1, ',;\u2588') + 1;
  } else {
    start = lastBoundary(pre, pre.length - 1, ',;:\u2588') + 1;
    headEnd = end;
  }
  const head = ms.slice(start, headEnd);
  const lead = head.length - head.trimStart().length;
  const n = words(head);
  if (n < 1 || n > 8) return null;
  // a clause, not a noun phrase: "the move was seen as" / "It is unclear what he"
  if (/\b(is|was|were|are|be|been|being|has|have|had|will|would|that|which|who|what|when|if|because|to)\b/i.test(head) && n > 1) return null;
  // a verb inside means a clause; a final "firms"/"sources" may read as a verb and is still the head noun
  const ws = head.trim().split(/\s+/);
  const verbish = (w: string, last: boolean) => !/^\p{Lu}/u.test(w) && lexTags(w).some((t) => (last ? /^(PastTense|Gerund|Modal|Copula)$/ : VERB_TAG).test(t));
  if (n > 1 && ws.some((w, i) => verbish(w, i === ws.length - 1))) return null;
  return { start: start + lead, end };
}

/** The noun phrase that opens a sentence, up to its first verb: "The fishermen's association". */
function subjectAtSentenceStart(ms: string): Span | null {
  const ws = [...ms.matchAll(/\S+/g)];
  for (let i = 1; i < Math.min(ws.length, 10); i++) {
    const w = (ws[i] as RegExpMatchArray)[0];
    if (/^[\p{Ll}]/u.test(w) && lexTags(w.replace(/[^\p{L}]/gu, '')).some((t) => /^(PastTense|PresentTense)$/.test(t))) {
      const end = (ws[i] as RegExpMatchArray).index ?? 0;
      return { start: (ws[0] as RegExpMatchArray).index ?? 0, end: end - 1 };
    }
  }
  return null;
}

function subjectAtStart(inp: PatternInput, s: Sentence): Speaker | null {
  const first = inp.mentions.find((m) => m.start >= s.start && m.start < s.end);
  if (first && /^(?:the\s+)?$/i.test(inp.text.slice(s.start, first.start))) return resolveSpeaker(inp, s.start, first.end);
  const np = subjectAtSentenceStart(inp.mask.slice(s.start, s.end));
  return np ? resolveSpeaker(inp, s.start + np.start, s.start + np.end) : null;
}
