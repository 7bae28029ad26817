// Reported speech and stance, per sentence, on a copy of the text with quotes masked so that a verb inside a
// quote is never taken for the cue: "NP said (that) …", "…, NP said", "…, said NP", "according to NP",
// "NP condemns …", participle clauses (", urging …"), a learned cue where no rule fired, and an opinion verb
// the opinion lexicon is sure of ("X is worried about …").
import type { Speaker } from '../../record.js';
import { lexTags } from '../entities/lexicon.js';
import type { Sentence } from '../sentences.js';
import { type Token, tokenize } from '../tokens.js';
import { cuesAmong, sentenceCues } from './cue-tagger.js';
import { PARTICIPLE, SPEECH, STANCE, STANCE_FORMS } from './lexicon.js';
import { opinionVerbClaim } from './opinion-verb.js';
import { mentionIndex } from './mention-index.js';
import {
  ADV, dropTrailingAdverbs, hasVerb, type Make, type PatternInput, PARTICIPLE_CLAUSE, type RawClaim, subjectAtSentenceStart, subjectBefore,
  TRAILING_ADJUNCT, trimSpan, kindOf, words,
} from './phrases.js';
import { datelineLength } from './quotes.js';
import { resolveSpeaker } from './speaker.js';

const CUE_GLOBAL = new RegExp(`\\b(?:${SPEECH})\\b`, 'g'); // cues are lowercase: "States" is no verb
const ACCORDING = /\b[Aa]ccording to\s+([^,.;\u2588\n]{1,80}?)(?=\s*(?:[,.;]|$))/;
/** Adverbs ending a phrase, in lower case only (the trailing-attribution test has always read them so). */
const TRAILING_ADVERBS_LOWER = new RegExp(`\\s+${ADV}$`);
const QUOTE_AND_ADVERBS = new RegExp(`[\\s\u201c"]+${ADV}$`, 'i');
const PARTICIPLE_AFTER = new RegExp(`,\\s+(?:${PARTICIPLE})\\b`, 'i');
const PARTICIPLE_ANYWHERE = new RegExp(`,\\s+(${PARTICIPLE})\\s+`, 'i');
const STANCE_RE = new RegExp(`(?:^|\\s|[\u201c"])${ADV}(${STANCE})(?:[\u201d"])?(?:\\s+and\\s+(?:[\u201c"])?(${STANCE})(?:[\u201d"])?)?\\s+(?=\\S)`, 'i');
const CONTENT_LEAD = /^\s*(?:,\s*)?(?:in a (?:statement|post|letter|interview|report|tweet|filing|briefing|speech)(?:\s+(?:to|on|with|released|issued|posted)\b[^,]*?)?\s*,?\s*)?(?:on \w+\s*,?\s*)?[:,]?\s*/i;
const AMBIGUOUS = /^(shows|showed|show|found|finds|indicates|indicated|indicate|suggested|added|adds|noted|notes|reported|reports|posted|stated|answered|answers|estimated|estimates|observed|observes|maintained|maintains|predicted|predicts|recalled|recalls)$/i;
/** Verbs before "that" or "to" that attribute nothing: "so that", "has to", "used to", "is to". */
const NOT_CUES = /^(is|was|are|were|be|been|has|have|had|does|did|do|used|going|got|gets|seems|seemed|appears|appeared|means|meant|ensure|ensured|so|such|now|given|made|makes|came|comes|went|goes|took|takes|turned|led|began|begins|started|continued|tried|tries|needs|needed|helped|helps|happened|happens)$/;
/** Verbs of intention that take "to": "wants to", "vowed to". */
const INTENT = /^(wants|wanted|plans|planned|hopes|hoped|intends|intended|vowed|vows|pledged|pledges|promised|promises|refused|refuses|agreed|agrees|decided|decides|threatened|threatens|offered|offers|proposed|proposes|urged|urges|expects|expected|aims|aimed|sought|seeks)$/;
/** ", argued that …" after ", Wolff wrote": the outer clause's own verb of saying or stance. */
const OUTER_CUE_AFTER = new RegExp(`^\\s*,\\s+${ADV}(?:${SPEECH}|${STANCE})\\b`);
/** "But Carter, Wolff " before a cue: a name set off by commas after the start of the clause. */
const PARENTHETICAL_BEFORE = /[\p{L}\p{N}.’']\s*,\s+[^,;:\u2588]{1,60}?\s+$/u;
/** ", Feld wrote," at the end of what stands before the clause's own cue. */
const PARENTHETICAL_ATTRIBUTION = new RegExp(`\\s*,\\s+[^,;:\u2588]{1,60}?\\s+${ADV}(?:${SPEECH})\\s*,$`);
/** "announced at a meeting Thursday night revealed …": a participle after a noun, then the clause's verb. */
const PARTICIPLE_ADJUNCT = /^\s+(?:at|on|in|by|during|last|earlier|this|after|before|from|for|with)\s+([^,;:\u2588]{1,80}?)(?=\s+that\b|[,;:\u2588]|$)/;
/** "agreed to create", "agrees to pay": an agreement to act, not something said. */
const AGREE_TO = /^agree[sd]?$/;
/** Cues that are nouns as often as verbs ("battleground states", "his comments"). */
const NOUNISH = /^(states|claims|comments|plans|reports|shows|notes|remarks|answers|hopes|fears|worries|promises|pledges|vows|estimates|suggests|points)$/;
/** What goes on after a plural noun, never after a verb of saying: "claims as false", "comments, which came". */
const NOUN_GOES_ON = /^(?:as|which|were|are|have|had|came|come|drew|prompted|sparked|made)\b/i;
/** Whether the content opens with a verb in the past tense ("came", "drew"): the cue was a noun, its subject. */
const firstIsPastVerb = (content: string): boolean => {
  const first = /^\p{Ll}+/u.exec(content)?.[0];
  return !!first && first !== 'that' && lexTags(first).includes('PastTense') && !lexTags(first).includes('Noun');
};

/**
 * How many cue words of one sentence are tried: each is read against the whole sentence before it, so a
 * "sentence" of nothing but cue words ("said said said …") would cost its length per word. No sentence of
 * the dev sets has more than 4 verbs of saying, 7 learned cues or 10 "X that"/"X to" verbs.
 */
const MAX_CUES_PER_SENTENCE = 16;

/** Reported speech and stance in one sentence. `used` holds the cue offsets already taken. */
export function sentenceClaims(inp: PatternInput, s: Sentence, used: Set<number>): RawClaim[] {
  const { text, mask, quotes } = inp;
  // a headline in title case says "…, Lindsey Graham Says": read its cue in lower case
  const raw = mask.slice(s.start, s.end);
  const ws = raw.match(/\p{L}+/gu) ?? [];
  const titleCase = ws.length >= 4 && ws.filter((w) => /^\p{Lu}/u.test(w)).length / ws.length > 0.7;
  const ms = titleCase ? raw.replace(/\b(Says|Said|Warns|Tells|Claims|Asks|Insists|Admits|Vows)\b/g, (w) => w.toLowerCase()) : raw;
  const out: RawClaim[] = [];
  const make: Make = (rule, kind, speaker, cue, content, confidence, cueStance) => {
    if (!speaker || content.end - content.start < 8 || words(text.slice(content.start, content.end)) < 2) return null;
    used.add(cue.start);
    return { kind: kind ?? kindOf(text, content, quotes), speaker, cue, content, confidence, rule, ...(cueStance ? { cueStance } : {}) };
  };
  const participle = (afterCue: number) => {
    const m = PARTICIPLE_CLAUSE.exec(ms.slice(afterCue - s.start));
    const verb = m?.[1];
    if (!m || !verb) return;
    const cueStart = afterCue + m[0].indexOf(verb);
    const content = trimSpan(text, afterCue + m[0].length, s.end);
    const first = out[0];
    const stance = STANCE_FORMS.get(verb.toLowerCase().replace(/ing$/, '')) ?? STANCE_FORMS.get(verb.toLowerCase().replace(/ing$/, 'e'));
    const c = make('participle-after-stance', null, first?.speaker ?? null, { start: cueStart, end: cueStart + verb.length }, content, 0.7, stance);
    if (c) out.push(c);
  };

  let tried = 0;
  for (const m of ms.matchAll(CUE_GLOBAL)) {
    if (++tried > MAX_CUES_PER_SENTENCE) break;
    const cueStart = s.start + (m.index ?? 0);
    const cue = { start: cueStart, end: cueStart + m[0].length };
    if (used.has(cueStart)) continue;
    const before = ms.slice(0, m.index ?? 0);
    const afterText = ms.slice((m.index ?? 0) + m[0].length);
    // "But Carter, Wolff wrote, argued that …": an attribution set off by commas before the clause's own cue
    // belongs to that outer claim, whose subject speaks (the loop goes on to "argued")
    if (OUTER_CUE_AFTER.test(afterText) && PARENTHETICAL_BEFORE.test(dropTrailingAdverbs(before, ' '))) continue;
    // "The conference has agreed to create …": an agreement to act is a claim only when a real source agreed
    const agreement = AGREE_TO.test(m[0]) && /^\s+to\b/.test(afterText);
    // "CONTENT, NP said." / "CONTENT, NP said in a statement."
    const trailing = /^(.*[^\s,]),[\u2588\s]*\s+([^,;\u2588]{1,80}?)\s+$/.exec(before.replace(TRAILING_ADVERBS_LOWER, ' ').replace(/\s*$/, ' '));
    // "…, X told The Post" counts as a trailing attribution too
    const restShort =
      /^\s*[.!?]?\s*$/.test(afterText) ||
      (TRAILING_ADJUNCT.test(afterText) && words(afterText) <= 14) ||
      PARTICIPLE_CLAUSE.test(afterText) ||
      (/^(told|tells)$/.test(m[0]) && !/\bthat\b|\u2588/.test(afterText) && words(afterText) <= 12);
    if (trailing?.[1] && trailing[2] && restShort && words(trailing[2]) <= 8 && words(trailing[1]) >= 3 && !hasVerb(trailing[2])) {
      const npStart = s.start + trailing[1].length + before.slice(trailing[1].length).indexOf(trailing[2]);
      const speaker = resolveSpeaker(inp, npStart, npStart + trailing[2].length);
      const c = make('trailing-np-said', null, speaker, cue, trimSpan(text, s.start, s.start + trailing[1].length), 0.8);
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
      const c = make('trailing-said-np', null, speaker, cue, trimSpan(text, s.start, s.start + before.length), 0.8);
      if (c) {
        out.push(c);
        participle(npStart + inverted[1].length);
        break;
      }
    }
    // "NP(, apposition,) said (that) CONTENT"; "NP called X “…” and said CONTENT": the sentence's subject
    const coordinated = /\s(?:and|but)\s*$/i.test(dropTrailingAdverbs(before, ' '));
    // "But the mayor, Feld wrote, argued": the parenthetical attribution is no part of the subject
    const bare = dropTrailingAdverbs(before).trimEnd().replace(PARENTHETICAL_ATTRIBUTION, '');
    // a name right before the cue speaks, however long the sentence before it: "... the Post Trump said"
    const bareEnd = s.start + bare.length;
    const named = mentionIndex(inp.mentions, inp.entities).firstStarting(s.start, bareEnd, (x) => x.end === bareEnd && x.entity.type !== 'place');
    const np = coordinated ? subjectAtSentenceStart(ms) : (subjectBefore(ms, bare) ?? (named ? { start: named.start - s.start, end: named.end - s.start } : null));
    // "added", "noted" name an addition unless a clause follows: "added 28 firms to the list"
    const clauseFollows = /^\s*(?:,\s*)?(?:that\b|:|\u2588)/.test(afterText);
    if (np && (!AMBIGUOUS.test(m[0]) || clauseFollows)) {
      const when = /^\s+(?:on|in|at|last|this|late|early|earlier|later)\b[^,.\u2588]{0,30}?\s+(?=that\s)/i.exec(afterText);
      let lead = when ? when[0].length : (CONTENT_LEAD.exec(afterText)?.[0].length ?? 0);
      if (/^told$/i.test(m[0])) {
        const that = /^\s+(?:[^,.;\u2588]{1,50}?)\s+(?=that\s)/.exec(afterText) ?? /^\s+(?:reporters|journalists|the media|the press|(?:(?:the|a|an|his|her|their|its|our)\s+)?\S+)\s+/.exec(afterText);
        lead = that ? that[0].length : lead;
      }
      const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
      const content = trimSpan(text, cue.end + lead, s.end);
      const contentText = text.slice(content.start, content.end);
      // "said last week", "told in August": an adjunct, not what was said
      const adjunctOnly = /^(?:on|in|at|last|this|next|during|earlier|later|through|via|with|to|from|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i.test(contentText) && words(contentText) <= 6;
      // "battleground states could be", "his comments came": a noun, unless a name or pronoun stands before it
      // and a name before it is the noun's owner when what follows goes on as a clause of the noun's own
      // ("Graham comments came moments after", "Republican claims as “false”", "Trump comments, which came")
      const nounish =
        NOUNISH.test(m[0]) &&
        ((!speaker?.entityId && !/^(he|she|they|it|we|i)$/i.test(speaker?.text ?? '')) || NOUN_GOES_ON.test(contentText) || firstIsPastVerb(contentText));
      // "A decision announced at a police board meeting … revealed that": the participle describes the noun,
      // which is no speaker; the clause's verb comes later
      const adjunct = /ed$/.test(m[0]) && !speaker?.entityId && !/^(he|she|they|it|we|i)$/i.test(speaker?.text ?? '') ? PARTICIPLE_ADJUNCT.exec(afterText)?.[1] : undefined;
      const describes = !!adjunct && adjunct.split(/\s+/).some((w) => /^\p{Ll}+$/u.test(w) && lexTags(w).some((t) => t === 'PastTense' || t === 'PresentTense'));
      const c = adjunctOnly || nounish || describes || (agreement && !speaker?.entityId) ? null : make('np-said-that', null, speaker, cue, content, 0.75);
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
      const { verbAt, cueEnd, stance } = stanceCue(st, s.start);
      const c = make('stance-before-said', 'stance', out[0].speaker, { start: verbAt, end: cueEnd }, trimSpan(text, cueEnd, s.start + (conj.index ?? 0)), 0.65, stance);
      if (c) out.unshift(c);
    }
  }

  // "NP called OBJECT “QUOTE”": a quoted characterisation is a mixed claim
  const called = /\bcalled\s+([^\u2588,.;]{1,80}?)\s*(\u2588+)/.exec(ms);
  if (called?.[1] && called[2] && !out.some((c) => c.cue.start <= s.start + (called.index ?? 0))) {
    const at = s.start + (called.index ?? 0);
    const pre = ms.slice(0, called.index ?? 0);
    const np = subjectBefore(ms, dropTrailingAdverbs(pre)) ?? subjectAtSentenceStart(ms);
    if (np) {
      const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
      const contentEnd = at + called[0].length;
      const c = make('called-quote', 'mixed', speaker, { start: at, end: at + 'called'.length }, { start: at + 'called '.length, end: contentEnd }, 0.7);
      if (c) out.unshift(c);
    }
  }
  if (out.length) return out;

  // any verb of saying, thinking or wanting the lexicon knows: "NP believes that CONTENT", "NP wants to CONTENT"
  const generic = /\b([a-z]+)\s+(that\s+|to\s+(?=[a-z]+\b))/g;
  let verbs = 0;
  for (const m of ms.matchAll(generic)) {
    const verb = m[1] as string;
    const isThat = (m[2] ?? '').startsWith('that');
    if (!lexTags(verb).some((t) => t === 'PastTense' || t === 'PresentTense') || NOT_CUES.test(verb)) continue;
    if (!isThat && !INTENT.test(verb)) continue;
    const at = s.start + (m.index ?? 0);
    if (used.has(at)) continue;
    if (++verbs > 2 * MAX_CUES_PER_SENTENCE) break;
    const pre = dropTrailingAdverbs(ms.slice(0, m.index ?? 0));
    const np = subjectBefore(ms, pre);
    if (!np) continue;
    const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
    if (!speaker?.entityId && !/^(he|she|they|it|we|i)$/i.test(speaker?.text ?? '') && !(speaker && /^\p{Lu}/u.test(speaker.text))) continue;
    if (AGREE_TO.test(verb) && !speaker?.entityId) continue; // "The conference agreed to create …": no real source
    const contentStart = at + m[0].length - (m[2] ?? '').length; // "that" and "to" open the content, as PolNeAR marks it
    const c = make('verb-of-thinking', null, speaker, { start: at, end: at + verb.length }, trimSpan(text, contentStart, s.end), 0.6);
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
    const c = make('according-to', null, speaker, cue, content, 0.75);
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
    const { verbAt, cueEnd, stance } = stanceCue(st, s.start);
    const pre = (' '.repeat(dateline) + text.slice(s.start + dateline, verbAt)).replace(QUOTE_AND_ADVERBS, ' ');
    const np = subjectBefore(pre, pre);
    // "Y was condemned by X", "Quiros was accused of …": the subject is the target, not who takes the stance
    const passive = /^\s*by\b/i.test(text.slice(cueEnd, s.end)) || /\b(?:is|are|was|were|be|been|being)\s+(?:(?:\w+ly|also|not|never|often)\s+)*$/i.test(pre);
    const determiner = /^(her|his|their|its|our|my|your|the|a|an)$/i.test(pre.slice(np?.start ?? 0, np?.end ?? 0).trim());
    if (np && !passive && !determiner && !/\b(to|not|n't|would|could)\s*$/i.test(pre)) {
      const speaker = resolveSpeaker(inp, s.start + np.start, s.start + np.end);
      // ", calling them …" after the object is a claim of its own by the same speaker
      const clause = PARTICIPLE_AFTER.exec(ms.slice(cueEnd - s.start));
      const contentEnd = clause ? cueEnd + (clause.index ?? 0) : s.end;
      const c = make('stance-verb', 'stance', speaker, { start: verbAt, end: cueEnd }, trimSpan(text, cueEnd, contentEnd), 0.7, stance);
      if (c) {
        out.push(c);
        participle(contentEnd);
        return out;
      }
    }
  }
  // an opinion verb the lexicon learned from MPQA: "Rice attacked the leadership", "The EU is concerned about …"
  const opinion = opinionVerbClaim(text, s, ms, used, (a, b) => resolveSpeaker(inp, a, b), make);
  if (opinion) return [opinion];
  // "NP added X to its blacklist, claiming that CONTENT": the sentence's subject speaks
  const part = PARTICIPLE_ANYWHERE.exec(ms);
  if (part?.[1] && /^(claiming|saying|arguing|insisting|warning|alleging|accusing|calling|urging|demanding|vowing)$/i.test(part[1])) {
    const subj = subjectAtStart(inp, s);
    const cueStart = s.start + (part.index ?? 0) + part[0].indexOf(part[1]);
    const c = make('participle-of-subject', null, subj, { start: cueStart, end: cueStart + part[1].length }, trimSpan(text, s.start + (part.index ?? 0) + part[0].length, s.end), 0.65);
    if (c) return [c];
  }
  return [];
}

/** Where the stance verb(s) of a STANCE_RE match begin and end (after `base`), and the stance they carry. */
function stanceCue(st: RegExpExecArray, base: number): { verbAt: number; cueEnd: number; stance: 'support' | 'oppose' | undefined } {
  const at = base + (st.index ?? 0);
  return {
    verbAt: at + st[0].search(new RegExp(`[\u201c"]?${ADV}${st[1]}`, 'i')),
    cueEnd: at + st[0].trimEnd().length,
    stance: STANCE_FORMS.get((st[2] ?? st[1] ?? '').toLowerCase()),
  };
}

function learnedCueClaim(inp: PatternInput, s: Sentence, ms: string, used: Set<number>, make: Make): RawClaim | null {
  const { text } = inp;
  const toks = tokenize(ms, s.start);
  let tried = 0;
  for (const c of cuesAmong(toks, sentenceCues(inp, text, s))) {
    const first = toks[c.start] as Token;
    const last = toks[c.end - 1] as Token;
    if (used.has(first.start) || !/^\p{Ll}+$/u.test(first.text) || STANCE_FORMS.has(first.text)) continue;
    if (++tried > MAX_CUES_PER_SENTENCE) break;
    const cue = { start: first.start, end: last.end };
    const before = ms.slice(0, cue.start - s.start);
    const after = ms.slice(cue.end - s.start);
    const np = subjectBefore(ms, dropTrailingAdverbs(before));
    // what follows must be said, not done: a clause, a question, a quote ("approved a tram line" is an act)
    // or an evaluation of someone: "X questioned Y's record", "X mocked the plan"
    const evaluative = /^(question|mock|ridicul|prais|attack|blast|slam|dismiss|defend|accus|blam|thank|cite|describ|label|brand|acknowledg|admit|deni|confirm|disput|challeng|lament|applaud|hail|decr|warn|insult|compar|credit|fault|scold|rebuk|chastis)/.test(first.text);
    const reported = /^\s*(?:[:,]\s*)?(?:that|whether|if|how|why|what|who|when|to\s+\p{L}+|\u2588)/u.test(after) || /\u2588/.test(after) || evaluative;
    if (np && reported && words(after) >= 3) {
      const lead = /^\s*(?:[:,]\s*)?/.exec(after)?.[0].length ?? 0;
      const claim = make('learned-cue', null, resolveSpeaker(inp, s.start + np.start, s.start + np.end), cue, trimSpan(text, cue.end + lead, s.end), 0.5);
      if (claim) return claim;
    }
  }
  return null;
}

function subjectAtStart(inp: PatternInput, s: Sentence): Speaker | null {
  const first = mentionIndex(inp.mentions, inp.entities).firstStarting(s.start, s.end - 1, () => true);
  if (first && /^(?:the\s+)?$/i.test(inp.text.slice(s.start, first.start))) return resolveSpeaker(inp, s.start, first.end);
  const np = subjectAtSentenceStart(inp.mask.slice(s.start, s.end));
  return np ? resolveSpeaker(inp, s.start + np.start, s.start + np.end) : null;
}
