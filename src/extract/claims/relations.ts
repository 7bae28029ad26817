// Learned stance between entities of one sentence: for a holder and a target mention, whether the holder is
// for, against or neither toward the target (models/stance-dse-mpqa.json.gz, a linear classifier trained
// on DSE and MPQA train by src/train/stance.ts over ./stance-features.ts). Two uses: the stance of a claim
// toward each entity it is aimed at (targets[]), and stance claims where a sentence states one entity's
// stance toward another with no claim of the holder's ("Trump blamed China for the losses").
import type { ClaimTarget, Speaker, Target } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import { lexTags } from '../entities/lexicon.js';
import { type ClassifierModel, classScores, softmax } from '../learned/classifier.js';
import { classifierModel, modelIds } from '../models.js';
import type { Sentence } from '../sentences.js';
import { lowerBound } from '../sorted.js';
import type { Token } from '../tokens.js';
import { FEELINGS, SPEECH, STANCE_FORMS } from './lexicon.js';
import { afinn, vaderValence } from './sentiment.js';
import { mentionIndex, mentionTarget } from './mention-index.js';
import { lastWord, type RawClaim, trimSpan } from './phrases.js';
import { resolveSpeaker } from './speaker.js';
import { type PairSpan, pairFeatures, type SentenceView, sentenceView } from './stance-features.js';
import type { SpeakerContext } from './types.js';

export const STANCE_MODEL = 'stance-dse-mpqa';

export interface StanceModel extends ClassifierModel {
  /** The least probability of support or oppose at which a stance claim is made (tuned on held-out train). */
  claimThreshold: number;
  /** The least probability of support or oppose at which a claim's target takes that stance. */
  targetThreshold: number;
  /** The claim threshold where the holder comes after the target ("Y was praised by X"): such pairs are rarer
   * and their probabilities lower (absent in older models: the claim threshold then). */
  reverseThreshold?: number;
}

let model: StanceModel | undefined;
/** The stance model, read once. */
export const stanceModel = (): StanceModel => {
  model ??= classifierModel(STANCE_MODEL) as StanceModel;
  return model;
};

/** 'stance-dse-mpqa:ID' as models/manifest.json names it. */
export const stanceModelRef = (): string => `${STANCE_MODEL}:${modelIds()[STANCE_MODEL] ?? 'unknown'}`;

/** An entity mention a stance may come from or aim at. */
export interface Candidate extends PairSpan {
  mention: EntityMention;
}

/** Names beyond this many in one sentence are not paired (a list of names states no stance). */
export const MAX_CANDIDATES = 10;

/** The mentions of one sentence that may hold or receive a stance, in text order, none overlapping. */
export function candidatesIn(mentions: readonly EntityMention[]): Candidate[] {
  const out: Candidate[] = [];
  for (const m of mentions) {
    const last = out.at(-1);
    if (last && m.start < last.end) continue;
    out.push({ start: m.start, end: m.end, type: m.entity.type, mention: m });
    if (out.length >= MAX_CANDIDATES) break;
  }
  return out;
}

export interface PairStance {
  support: number;
  oppose: number;
  none: number;
}

/** The calibrated probabilities of none, support and oppose for `holder` toward `target`. */
export function pairStance(v: SentenceView, holder: Candidate, target: Candidate, cands: readonly Candidate[], m: ClassifierModel = stanceModel()): PairStance {
  const others = cands.filter((c) => c !== holder && c !== target);
  const probs = softmax(classScores(m, pairFeatures(v, holder, target, others)), m.temperature);
  const at = (label: string) => probs[m.labels.indexOf(label)] ?? 0;
  return { none: at('none'), support: at('support'), oppose: at('oppose') };
}

const views = new WeakMap<Sentence, SentenceView>();
/** The sentence's view, made once however many pairs read it. */
export function viewOf(s: Sentence): SentenceView {
  let v = views.get(s);
  if (!v) {
    v = sentenceView(s);
    views.set(s, v);
  }
  return v;
}

/** What the stance path reads of an article. */
export interface StanceInput extends SpeakerContext {
  sentences: Sentence[];
}

interface SentenceState {
  view: SentenceView;
  cands: Candidate[];
  memo: Map<string, PairStance>;
}

const states = new WeakMap<Sentence, SentenceState>();

function stateOf(inp: StanceInput, s: Sentence): SentenceState {
  let st = states.get(s);
  if (!st) {
    st = { view: viewOf(s), cands: candidatesIn(mentionIndex(inp.mentions, inp.entities).within(s.start, s.end)), memo: new Map() };
    states.set(s, st);
  }
  return st;
}

function pairOf(st: SentenceState, h: Candidate, t: Candidate): PairStance {
  const key = `${h.start}:${h.end}>${t.start}`;
  let p = st.memo.get(key);
  if (!p) {
    p = pairStance(st.view, h, t, st.cands);
    st.memo.set(key, p);
  }
  return p;
}

/** The sentence holding offset `at`. */
function sentenceAt(sentences: Sentence[], at: number): Sentence | undefined {
  const s = sentences[lowerBound(sentences, at + 1, (x) => x.end)];
  return s && s.start <= at ? s : undefined;
}

const polar = (p: PairStance): { stance: 'support' | 'oppose'; p: number } => (p.support >= p.oppose ? { stance: 'support', p: p.support } : { stance: 'oppose', p: p.oppose });

/** The least probability of oppose at which a claim's target takes it: oppose is twice as common as support in
 * news (DSE, MPQA), so a claim takes it at a lower probability than the model's target threshold (tuned on DSE
 * and MPQA dev: lower, claims oppose names they only mention). */
const TARGET_OPPOSE = 0.2;
/** Cues that tell news rather than take a side. */
const REPORTS = /^(?:reported|reports|reporting|announced|announces|confirmed|confirms|disclosed|discloses|published|publishes)$/i;

export interface LearnedStance {
  /** Every entity the model takes a side toward, with that side, the most probable first. */
  targets: ClaimTarget[];
  /** The entities the model read (a side or none): for these its word stands over the lexicon's. */
  read: ReadonlySet<string>;
  /** The claim is one the model made (a stance claim of this path), not one it only reads. */
  made?: boolean;
}


type Side = Target & { stance: 'support' | 'oppose'; p: number };

/** Each target the holder takes a side toward at `threshold` (`reverse` for a target named before the
 * holder; oppose at `oppose` where that is lower), the most probable first. */
function sides(st: SentenceState, holder: Candidate, targets: Candidate[], threshold: number, reverse = threshold, oppose = 1): Side[] {
  const out: Side[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const x = polar(pairOf(st, holder, t));
    const th = t.start < holder.start ? reverse : threshold;
    if (x.p < (x.stance === 'oppose' ? Math.min(th, oppose) : th) || seen.has(t.mention.entity.id)) continue;
    seen.add(t.mention.entity.id);
    out.push({ ...mentionTarget(t.mention), stance: x.stance, p: x.p });
  }
  return out.sort((a, b) => b.p - a.p);
}

const decidedByRelation = new WeakMap<RawClaim, LearnedStance>();

/**
 * The stance of a claim toward the entities of its sentence, where the model takes a side toward at least
 * one: every such entity with its stance, the most probable first. Null where the model takes no side (the
 * lexicon decides then), or where the speaker is not in the cue's sentence.
 */
export function learnedStance(inp: StanceInput, c: RawClaim): LearnedStance | null {
  const made = decidedByRelation.get(c);
  if (made) return made;
  const sp = c.speaker;
  const s = sentenceAt(inp.sentences, c.cue.start);
  if (!sp || !s || sp.start < s.start || sp.end > s.end) return null;
  const st = stateOf(inp, s);
  const entity = sp.entityId ? inp.entities.find((e) => e.id === sp.entityId) : undefined;
  const holder: Candidate = st.cands.find((x) => x.start < sp.end && sp.start < x.end && x.mention.entity.id === sp.entityId) ?? {
    start: sp.start,
    end: sp.end,
    type: entity?.type ?? 'person',
    mention: { start: sp.start, end: sp.end, text: sp.text, entity: entity ?? { id: '', name: sp.text, type: 'person', aliases: [], mentions: [] } },
  };
  const targets = st.cands.filter((t) => t !== holder && !(t.start < sp.end && sp.start < t.end) && (!sp.entityId || t.mention.entity.id !== sp.entityId));
  if (!targets.length) return null;
  const th = stanceModel().targetThreshold;
  // not the lower oppose for a report: "US media reported that Corvane had cut 400 jobs" tells news, and
  // takes no side against whom the news is bad for
  const reports = REPORTS.test(inp.text.slice(c.cue.start, c.cue.end));
  const found = sides(st, holder, targets, th, th, reports ? th : TARGET_OPPOSE);
  return { targets: found.map(({ p: _, ...t }) => t), read: new Set(targets.map((t) => t.mention.entity.id)) };
}

/** Clause ends: a stance claim's content stops at the first of these after its cue. */
const CLAUSE_END = /[;:\u2014]|,\s+(?:but|while|whereas|although|though)\b/;

/** The verb a stance rides on, between the two: a stance verb of the lexicon, a verb of saying, else the most
 * valenced verb, else the most valenced word. */
function cueOf(st: SentenceState, holder: Candidate, target: Candidate): { start: number; end: number; verb: boolean } | null {
  const v = st.view;
  const after = (x: Candidate) => lowerBound(v.tokens, x.end, (t) => t.start);
  const before = (x: Candidate) => lowerBound(v.tokens, x.start, (t) => t.start);
  const ht = holder.start < target.start;
  const from = ht ? after(holder) : after(target);
  const to = ht ? before(target) : before(holder);
  let best = -1;
  let bestScore = 0;
  for (let i = from; i < to && i < from + 12; i++) {
    const w = v.lower[i] as string;
    // a stance verb first, then a verb of saying, then a verb with a valence; a verb with none ("is", "signed") states no stance
    const valence = Math.abs(v.afinn[i] as number) + 3 * Math.abs(v.vader[i] as number);
    // "handed the plaques back to Nigeria" is a return, not backing
    const stance = v.stance[i] && !(w === 'back' && v.lower[i + 1] === 'to');
    // a valenced noun or adjective ("a fierce critic of", "highly critical of") where no verb has a valence
    const score = stance ? 20 : SPEECH_VERBS.has(w) ? 10 : valence > 0 ? (isVerb(w) ? 1 + valence : valence / 10) : 0;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return null;
  const tok = v.tokens[best] as Token;
  return { start: tok.start, end: tok.end, verb: bestScore >= 1 };
}

const SPEECH_VERBS = new Set(SPEECH.split('|').filter((w) => !w.includes('\\')));
const verbs = new Map<string, boolean>();
function isVerb(w: string): boolean {
  let v = verbs.get(w);
  if (v === undefined) {
    // the lexicon tags many participles as adjectives only ("supporting", "threatened") or not at all
    // ("castigated"): a valenced word with a verb's ending is read as the verb it mostly is in a stance
    v = /^\p{Ll}+$/u.test(w) && (/^\p{Ll}{3,}(?:ing|ed)$/u.test(w) || lexTags(w).some((t) => /^(PastTense|PresentTense|Infinitive|Gerund|Verb)$/.test(t)));
    if (verbs.size < 50_000) verbs.set(w, v);
  }
  return v;
}

export const RELATION_RULE = 'learned-stance-relation';
/** Stance claims one holder makes in one sentence at most: the most probable target's (a claim per further
 * target found little on DSE dev and cost PolNeAR precision). */
const MAX_RELATIONS = 1;
/** The least probability for a stance claim whose cue is no verb. */
const NOUN_CUE_P = 0.5;

/**
 * Stance claims the model finds where no claim of the holder's is in the sentence: "Trump blamed China for
 * the losses" (speaker Trump, cue "blamed", content "China for the losses", target China). One claim per
 * holder and sentence, aimed at every entity it takes a side toward at the claim threshold.
 */
export function relationClaims(inp: StanceInput, existing: readonly RawClaim[]): RawClaim[] {
  const out: RawClaim[] = [];
  const m = stanceModel();
  // the claims found so far, by the sentences their speaker, cue or content touch
  const touching = new Map<Sentence, RawClaim[]>();
  for (const c of existing) {
    const from = Math.min(c.cue.start, c.content.start, c.speaker?.start ?? Infinity);
    const to = Math.max(c.cue.end, c.content.end, c.speaker?.end ?? 0);
    for (let i = lowerBound(inp.sentences, from + 1, (x) => x.end); i < inp.sentences.length; i++) {
      const s = inp.sentences[i] as Sentence;
      if (s.start >= to) break;
      let list = touching.get(s);
      if (!list) {
        list = [];
        touching.set(s, list);
      }
      list.push(c);
    }
  }
  for (const s of inp.sentences) {
    const idx = mentionIndex(inp.mentions, inp.entities);
    const first = idx.firstStarting(s.start, s.end, () => true);
    if (!first || first.end > s.end) continue;
    const st = stateOf(inp, s);
    if (st.cands.length < 2) continue;
    const claims = touching.get(s) ?? [];
    // a name inside another claim's speaker ("Lawyers for Ms. Ortiz", "a spokesman for the ministry") holds no stance of its own
    const held = (x: Candidate) => claims.some((c) => c.speaker && c.speaker.start < x.end && x.start < c.speaker.end);
    const free = st.cands.filter((x) => !held(x));
    if (free.length < 2) continue;
    for (const h of free) {
      const id = h.mention.entity.id;
      if (claims.some((c) => c.speaker?.entityId === id)) continue;
      const targets = free.filter((t) => t !== h && t.mention.entity.id !== id);
      // a claim needs a cue between the holder and its target's first mention: where no target has one,
      // the holder's pairs are not scored (the same claims, without the classifier's cost)
      if (!targets.some((t) => cueOf(st, h, st.cands.find((x) => x.mention.entity.id === t.mention.entity.id) as Candidate))) continue;
      const found = sides(st, h, targets, m.claimThreshold, m.reverseThreshold);
      for (const [k, best] of found.slice(0, MAX_RELATIONS).entries()) {
        const target = st.cands.find((t) => t.mention.entity.id === best.entityId) as Candidate;
        const at = cueOf(st, h, target);
        // the verb of another claim is that claim's: "Arroyo praised Malaysia" is Arroyo's, not the dateline's
        if (!at || claims.some((c) => c.cue.start < at.end && at.start < c.cue.end)) continue;
        // nor is a verb inside what another claim reports: "Lee said the mayor had blamed the council" is Lee's
        // claim, and the mayor's stance within it is Lee's report of it (PolNeAR dev: 34 of the 38 such claims were wrong)
        if (claims.some((c) => c.content.start <= at.start && at.end <= c.content.end)) continue;
        // a stance stated by a noun or an adjective ("a fierce critic of") only where the model is sure of it
        if (!at.verb && best.p < NOUN_CUE_P) continue;
        const cue = { start: at.start, end: at.end };
        const tail = inp.text.slice(cue.end, s.end);
        const stop = CLAUSE_END.exec(tail);
        const content =
          target.start >= cue.end ? trimSpan(inp.text, cue.end, stop && cue.end + stop.index > target.end ? cue.end + stop.index : s.end) : trimSpan(inp.text, s.start, Math.min(h.start, cue.start));
        if (content.end - content.start < 3) continue;
        const c: RawClaim = {
          kind: 'stance',
          speaker: { entityId: id, name: h.mention.entity.name, text: h.mention.text, start: h.start, end: h.end },
          cue,
          content,
          confidence: Math.round(best.p * 1000) / 1000,
          rule: RELATION_RULE,
          model: STANCE_MODEL,
          cueStance: best.stance,
        };
        const rest = found.filter((_, j) => j !== k);
        decidedByRelation.set(c, { made: true, targets: [best, ...rest].map(({ p: _, ...t }) => t), read: new Set(found.map((t) => t.entityId ?? '')) });
        out.push(c);
      }
    }
  }
  return out;
}

/** "by" after a participle, an adverb between them or not ("criticized strongly by"). */
const PASSIVE_BY = /^\s*(?:\p{Ll}+ly\s+)?by\s+/u;
/** A description after "by": "the organisation", "the company". */
const AGENT_NP = /^(?:the|this|that)\s+\p{Ll}+/u;
/** Words between "by" and the agent's name: "by a Daily Mail reporter", "by Senator Ana Lind". */
const AGENT_GAP = /^(?:[\p{L}.'’-]+\s+){0,3}$/u;

/**
 * Claims whose cue is a stance verb in the passive (a verb of the stance lexicon, or a participle with a valence:
 * "shamed", "honored"; not a feeling, nor "urged by", pressure rather than a side) with its agent after it ("Mr. Kerry's speech was praised by
 * other European nations", "the Khans, criticized strongly by John McCain"): the stance is the agent's, aimed
 * at the subject the claim was given as its speaker. The agent becomes the speaker and the former speaker the
 * target, with the verb's stance.
 */
export function passiveAgents(inp: StanceInput, claims: RawClaim[]): RawClaim[] {
  const idx = mentionIndex(inp.mentions, inp.entities);
  const turned = new Set<RawClaim>();
  for (const c of claims) {
    const sp = c.speaker;
    if (!sp) continue;
    const verb = lastWord(inp.text, c.cue);
    if (!/(?:ed|en)$/.test(verb) || verb === 'urged' || FEELINGS.test(verb)) continue;
    // a stance verb's own side, else the side of its valence ("shamed", "honored")
    const valence = afinn(verb) + 3 * vaderValence(verb);
    const side = STANCE_FORMS.get(verb) ?? (valence > 0 ? 'support' : valence < 0 ? 'oppose' : undefined);
    if (!side) continue;
    const by = PASSIVE_BY.exec(inp.text.slice(c.cue.end, c.cue.end + 40));
    if (!by) continue;
    const from = c.cue.end + by[0].length;
    const named = idx.firstStarting(from, from + 40, (m) => AGENT_GAP.test(inp.text.slice(from, m.start)));
    // "by the organisation": a description resolved as a speaker's is ("the organisation" → the last named one)
    const np = named ? null : AGENT_NP.exec(inp.text.slice(from, from + 60));
    const described = np ? resolveSpeaker(inp, from, from + np[0].length) : null;
    const agent: Speaker | null = named
      ? { entityId: named.entity.id, name: named.entity.name, text: named.text, start: named.start, end: named.end }
      : described?.entityId
        ? described
        : null;
    if (!agent) continue;
    // the subject as the speaker was read, or the name inside it where it was left unresolved ("Mayor Ana Ruiz’s")
    const named0 = sp.entityId ? undefined : idx.within(sp.start, sp.end)[0];
    let target: ClaimTarget = named0 ? { ...mentionTarget(named0), stance: side } : { entityId: sp.entityId, name: sp.name, text: sp.text, stance: side };
    if (agent.entityId === sp.entityId || (agent.start < sp.end && sp.start < agent.end) || sp.start >= c.cue.end) {
      // the agent was read as the speaker already ("Ford has been criticized by Donald Trump"), or a name after
      // the verb was ("… was praised by other European nations, including France and Germany"): the stance is
      // aimed at the subject, the last name before the verb in its sentence
      const s = sentenceAt(inp.sentences, c.cue.start);
      const before = s ? idx.within(s.start, c.cue.start).filter((m) => m.entity.id !== agent.entityId) : [];
      const subject = before.at(-1);
      if (!subject) continue;
      target = { ...mentionTarget(subject), stance: side };
    }
    c.speaker = agent;
    c.cueStance = side;
    decidedByRelation.set(c, { made: true, targets: [target], read: new Set([agent.entityId ?? '', target.entityId ?? '']) });
    turned.add(c);
  }
  // one claim per agent and verb: a claim turned into one the model had made already (it scores both
  // directions of a pair), or into another turned one, is the surer of them
  const key = (c: RawClaim) => `${c.cue.start}|${c.speaker?.entityId}`;
  const kept = new Set(claims.filter((c) => !turned.has(c)).map(key));
  const drop = new Set<RawClaim>();
  for (const c of [...turned].sort((a, b) => b.confidence - a.confidence)) {
    if (kept.has(key(c))) drop.add(c);
    else kept.add(key(c));
  }
  return claims.filter((c) => !drop.has(c));
}
