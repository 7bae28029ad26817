// Who "he" or "she" is when a pronoun speaks: the person the text has made its topic, not merely the last
// person named. A sentence that introduces a speaker ("Jack Pongyesva, of the Grand Canyon Trust, said …")
// and then names someone in passing ("… to meet Tom Reed") leaves its speaker as the one "he said" means.
// Candidates are the person mentions of the pronoun's sentence (before it) and of the few sentences before,
// outside quotes (a name inside “…” is what was said, not who said it), whose gender does not clash with the
// pronoun's; each is scored by its role in its sentence (the speaker of a verb of saying, the sentence's
// subject, the subject of some verb, or a mention in passing) less a cost per sentence back.
import type { Entity } from '../../record.js';
import type { EntityMention } from '../entities/index.js';
import { lexTags, TITLES } from '../entities/lexicon.js';
import type { Sentence } from '../sentences.js';
import { lowerBound } from '../sorted.js';
import { PERSON_NOUNS, SPEECH } from './lexicon.js';
import { mentionIndex } from './mention-index.js';
import { ADV } from './phrases.js';
import type { SpeakerContext } from './types.js';

export type Gender = 'male' | 'female';

/** What the claim patterns pass: the sentences and the quote-masked text let the search read structure. */
export interface AntecedentContext extends SpeakerContext {
  sentences?: Sentence[];
  mask?: string;
}

/** How many sentences before the pronoun's own are searched. */
const WINDOW = 3;
/** What a sentence further back costs: a subject one sentence back beats a mention in passing in this one. */
const DECAY = 2;
const SPEAKER = 3;
const SUBJECT = 2;
const AGENT = 1.5;
const PASSING = -0.5;
/** What a gender that clashes with the pronoun's costs (not a bar: a first name can mislead). */
const MISMATCH = 3;

const MASKED = '\u2588';
/** "X said", "X, a lawyer from London, said", "X has also told": the mention speaks. */
const SPEAKS_AFTER = new RegExp(`^(?:\\s*,[^,.;:\u2588\\n]{1,100},)?\\s+${ADV}(?:${SPEECH})\\b`);
/** "X, an engineer, has seen", "X believes": the mention is the subject of a finite verb. */
const VERB_AFTER = /^(?:\s*,[^,.;:\u2588\n]{1,100},)?\s+(?:(?:also|then|later|still|never|once|\p{Ll}+ly)\s+)?(\p{Ll}+)/u;
/** A mention right after one of these is in a prepositional phrase: "a call from Balelo came". */
const PREPOSITION_BEFORE = /\b(?:of|from|with|to|for|by|at|in|on|about|against|over|under|between|among|into|toward|towards|like|than|via|alongside|behind|beside|including)\s+(?:the\s+)?$/i;
/** Where a new clause may start inside a sentence, so its subject is a subject too: "…, and Friedman jumped". */
const CLAUSE_BREAK = /(?:[,;]\s+(?:and|but|so|yet|while|as|when|because|although|though)\s+|;\s+)(?=[^,;]*$)/;
const AUXILIARY = /^(?:has|have|had|is|was|were|are|will|would|can|could|did|does|do|may|might|must|should)$/;
const SPEECH_WORD = new RegExp(`^(?:${SPEECH})$`);
/** Words that may open a sentence before its subject: "But", "When", "After …,". */
const OPENERS = /^(?:but|and|so|yet|still|now|then|meanwhile|however|also|when|after|before|while|although|though|if|as|since|because|once|until|later|earlier|instead)$/i;
/** Lower-case words of a role before a name: "former", "then-", "ocean engineer", "physicist". */
const MODIFIERS = /^(?:the|a|an|former|then|late|new|interim|acting|senior|junior|chief|deputy|top|veteran|longtime|fellow|co|vice|assistant|associate|executive|general|head|lead|principal|managing|founding)$/i;
const ROLE_SHAPE = /(?:ist|er|or|ian|ant|ent|man|woman|person)$/;
const HONORIFIC = /\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady|Madam)\.?\s+$/;
const FEMALE_ROLE = /\b(?:spokeswoman|chairwoman|congresswoman|businesswoman|councilwoman|actress|mother|wife|daughter|sister|queen|princess|woman|lady|widow|grandmother|aunt|niece|girlfriend|bride|duchess|heiress|waitress|mrs|ms|miss|dame)\b/i;
/** First names compromise gives one gender that are often the other's (Lindsey Graham, Michal Owens). */
const EITHER = new Set(['michal', 'alex', 'sam', 'jesse', 'leslie', 'kelly', 'kim', 'dana', 'sasha', 'nikita', 'avery', 'riley', 'tracy', 'shannon', 'sidney', 'simone', 'carey', 'chris', 'cameron', 'blake', 'terry', 'lindsey', 'jody', 'lynn', 'stacy', 'ryan', 'andrea']);
const MALE_ROLE = /\b(?:spokesman|chairman|congressman|businessman|councilman|actor|father|husband|son|brother|king|prince|man|widower|grandfather|uncle|nephew|boyfriend|groom|duke|heir|waiter|mr|sir|lord)\b/i;

/** Honorifics per document ("Mr. Vladeck", "Ms. Ripert"): a mention's strongest gender evidence. */
const honorifics = new WeakMap<EntityMention[], Map<Entity, Gender>>();
const genders = new WeakMap<Entity, Gender | null>();

function honorificGenders(ctx: SpeakerContext): Map<Entity, Gender> {
  let map = honorifics.get(ctx.mentions);
  if (map) return map;
  map = new Map();
  for (const m of ctx.mentions) {
    if (m.entity.type !== 'person' || map.has(m.entity)) continue;
    const h = HONORIFIC.exec(ctx.text.slice(Math.max(0, m.start - 6), m.start)) ?? /^(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s/.exec(m.text);
    if (h?.[1]) map.set(m.entity, /^(Mr|Sir|Lord)$/.test(h[1]) ? 'male' : 'female');
  }
  honorifics.set(ctx.mentions, map);
  return map;
}

/** A person's gender where the text or the lexicon says it: an honorific, a role, a first name. */
export function genderOf(ctx: SpeakerContext, e: Entity): Gender | null {
  const h = honorificGenders(ctx).get(e);
  if (h) return h;
  let g = genders.get(e);
  if (g !== undefined) return g;
  g = null;
  const role = e.role ?? '';
  const f = FEMALE_ROLE.test(role);
  const m = MALE_ROLE.test(role);
  if (f !== m) g = f ? 'female' : 'male';
  else {
    const first = e.name.split(/\s+/).find((w) => !TITLES.has(w));
    const tags = first && !EITHER.has(first.toLowerCase()) ? lexTags(first) : [];
    const female = tags.includes('FemaleName');
    const male = tags.includes('MaleName');
    if (female !== male) g = female ? 'female' : 'male';
  }
  genders.set(e, g);
  return g;
}

/** Whether the words before a mention in its sentence leave it the subject: "But former coach Jim Reed". */
function opensSentence(prefix: string): boolean {
  let p = prefix.replace(/^[\s\u201c"'‘(\u2014-]+/, '');
  // one adjunct set off by a comma: "In 2019, X …", "After the vote, X …"
  const adjunct = /^[^,\u2588]{1,60},\s*/.exec(p);
  if (adjunct) p = p.slice(adjunct[0].length);
  const ws = p.split(/\s+/).filter(Boolean);
  if (ws.length > 8) return false;
  return ws.every((w, i) => {
    const bare = w.replace(/[,.’'-]+$/u, '');
    if (i === 0 && OPENERS.test(bare)) return true;
    if (/^\p{Lu}/u.test(bare) || TITLES.has(w) || TITLES.has(bare)) return true;
    return MODIFIERS.test(bare) || PERSON_NOUNS.test(bare) || (ROLE_SHAPE.test(bare) && !lexTags(bare).some((t) => /^(PastTense|PresentTense|Gerund|Preposition)$/.test(t)));
  });
}

/** "…, said Mit Winter", "says Dr. Dinorah Nieves", "according to Hoare": the mention speaks. */
function spokenBefore(prefix: string): boolean {
  const ws = prefix.trimEnd().split(/\s+/).slice(-6);
  for (let i = ws.length - 1; i >= 0; i--) {
    const w = (ws[i] as string).replace(/[,’'.]+$/u, '');
    // "told Smith", "asked Smith": the one spoken to
    if (/^(?:told|tells|asked|asks)$/.test(w)) return false;
    if (SPEECH_WORD.test(w)) return true;
    if (w.toLowerCase() === 'to' && /^according$/i.test(ws[i - 1] ?? '')) return true;
    if (/^\p{Lu}/u.test(w) || TITLES.has(ws[i] as string) || MODIFIERS.test(w) || PERSON_NOUNS.test(w) || ROLE_SHAPE.test(w)) continue;
    return false;
  }
  return false;
}

/** The role of a mention in its sentence, as a score. */
function roleOf(ctx: AntecedentContext, s: Sentence, m: EntityMention): number {
  const src = ctx.mask ?? ctx.text;
  const next = src.slice(m.end, m.end + 2);
  if (/^['’]s?\b/.test(next) || /^['’]s?$/.test(next)) return PASSING;
  const after = src.slice(m.end, Math.min(s.end, m.end + 160));
  if (SPEAKS_AFTER.test(after)) return SPEAKER;
  const prefix = src.slice(Math.max(s.start, m.start - 160), m.start);
  if (spokenBefore(prefix)) return SPEAKER;
  if (PREPOSITION_BEFORE.test(prefix)) return PASSING;
  const verb = VERB_AFTER.exec(after)?.[1];
  const acts = !!verb && (AUXILIARY.test(verb) || lexTags(verb).some((t) => t === 'PastTense' || t === 'PresentTense'));
  const lead = src.slice(s.start, m.start);
  const clause = CLAUSE_BREAK.exec(lead);
  const opens = (m.start - s.start <= 160 && opensSentence(lead)) || (!!clause && opensSentence(lead.slice((clause.index ?? 0) + clause[0].length)));
  if (opens) return acts || after.trim() === '' ? SUBJECT : AGENT;
  return acts ? AGENT : PASSING;
}

/**
 * The mention a "he" (or "she"; `gender` null for "the star") at `at` stands for: the best-scored person mention of its sentence (before it)
 * and of the WINDOW sentences before, outside quotes and agreeing in gender; without sentences (or with no
 * candidate) the last person named before it whose gender agrees.
 */
export function antecedent(ctx: AntecedentContext, at: number, gender: Gender | null): EntityMention | undefined {
  const index = mentionIndex(ctx.mentions, ctx.entities);
  const agrees = (e: Entity) => e.type === 'person' && (gender === null || (genderOf(ctx, e) ?? gender) === gender);
  const cost = (e: Entity) => (agrees(e) ? 0 : MISMATCH);
  const sentences = ctx.sentences;
  if (sentences?.length) {
    const k = lowerBound(sentences, at + 1, (x) => x.start) - 1;
    let best: EntityMention | undefined;
    let bestScore = -Infinity;
    for (let j = k; j >= 0 && j >= k - WINDOW; j--) {
      const d = k - j;
      if (bestScore >= SPEAKER - DECAY * d) break; // nothing further back can win
      const s = sentences[j] as Sentence;
      for (const m of index.within(s.start, j === k ? at : s.end)) {
        if (m.entity.type !== 'person' || ctx.mask?.[m.start] === MASKED) continue;
        const role = roleOf(ctx, s, m);
        const score = role - DECAY * d - cost(m.entity);
        // on a tie the earlier subject stands (the clause's first), but a later mention in passing is nearer,
        // and a name in apposition after a title ("the minister, Giorgos Gerapetritis,") is the fuller one
        const apposed = !!best && /^\s*,\s*$/.test(ctx.text.slice(best.end, m.start));
        if (score > bestScore || (score === bestScore && (role === PASSING || apposed))) {
          best = m;
          bestScore = score;
        }
      }
    }
    if (best) return best;
  }
  return index.lastBefore(at, `person|${gender ?? ''}`, agrees);
}
