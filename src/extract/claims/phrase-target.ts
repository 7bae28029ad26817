// A claim's target when no entity is: the noun phrase its content opens with ("criticised the election
// process" → "the election process"; "expressed concern about reports that …" → "reports"). Opinions in news
// are as often aimed at a policy, an event or a statement as at a name (MPQA's targets are mostly such
// phrases), so a claim that takes a side toward no entity still says toward what. Kept short, a base noun
// phrase with no attachments: the head of what the side is taken on, not the whole clause.
import { lexTags } from '../entities/lexicon.js';
import { type Token, tokenize } from '../tokens.js';

/** Words that end a base noun phrase (prepositions, conjunctions, relatives, auxiliaries, negations). */
const ENDS = new Set(
  'of for against by with to on at from about over toward towards behind in into under after before during since until than as via through across among between within without and or but nor so yet that which who whom whose where when while because if whether is are was were be been being am has have had do does did will would shall should can could may might must not no never also'.split(
    ' ',
  ),
);
/** Words a phrase may open with and that are no target alone. */
const DETERMINERS = new Set('the a an this that these those its his her their our my your some any all both each every such another other'.split(' '));
const PRONOUNS = new Set('he she it they we i you him her them us me this that these those one itself themselves himself herself there here what who which something anything nothing everything'.split(' '));
const ABBREVIATION = /^(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Prof|Jr|Sr|\p{Lu})$/u;
/** Words that open no noun phrase ("what he views as …" is a clause). */
const CLAUSE_OPENERS = new Set(['what', 'how', 'why', 'whether', 'if', 'when', 'where', 'who', 'which']);
/** Words that are no target alone: numbers, days and months, time adverbs. */
const NO_TARGET = /^(?:[\d.,%]+|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|tonight|now|still|just|also|only|even|already|last|next|(?:jan|febr)uary|march|april|may|june|july|august|(?:sept|nov|dec)ember|october)$/;
/** Nouns of an attitude whose object is what the attitude is aimed at ("concern about X", "support for X"). */
const ATTITUDE = new Set(
  'concern concerns worry worries fear fears doubt doubts hope hopes anger outrage criticism opposition objection objections support backing confidence faith trust respect praise frustration disappointment dissatisfaction satisfaction skepticism scepticism suspicion sympathy solidarity hostility contempt disapproval approval commitment'.split(
    ' ',
  ),
);
const ATTITUDE_PREPS = new Set(['about', 'over', 'of', 'for', 'to', 'against', 'toward', 'towards', 'with', 'on']);
/** Words read at most: a phrase longer than this is a clause, not a target. */
const MAX_WORDS = 6;

const isWord = (t: string) => /^[\p{L}\p{N}]/u.test(t);
/** A finite verb the lexicon knows only as one ("accused", "wants"): it ends the phrase it follows. */
const isFiniteVerb = (w: string) => {
  const tags = lexTags(w);
  return tags.some((t) => t === 'PastTense' || t === 'PresentTense' || t === 'Modal' || t === 'Copula') && !tags.some((t) => t === 'Adjective' || t === 'Noun' || t === 'Singular' || t === 'Plural');
};

/** The base noun phrase at token `i`: [first, last) token indexes, or null where none opens there. */
export function nounPhrase(toks: readonly Token[], i: number): [number, number] | null {
  let k = i;
  if (k < toks.length && CLAUSE_OPENERS.has((toks[k] as Token).text.toLowerCase())) return null;
  const lower = (j: number) => (toks[j] as Token).text.toLowerCase().replace(/’/g, "'");
  while (k < toks.length && DETERMINERS.has(lower(k)) && k - i < 2) k++;
  const head = k;
  let content = 0;
  while (k < toks.length && k - i < MAX_WORDS) {
    const t = toks[k] as Token;
    const w = lower(k);
    // the period of a title or an initial belongs to the name ("Mr. Pruitt", "Donald J. Trump")
    if (t.text === '.' && k > head && ABBREVIATION.test((toks[k - 1] as Token).text) && toks[k + 1] && /^\p{Lu}/u.test((toks[k + 1] as Token).text)) {
      k++;
      continue;
    }
    // a determiner after the head opens another phrase; an adverb ends this one ("the proposal recently offered")
    if (!isWord(t.text) || ENDS.has(w) || (k > head && DETERMINERS.has(w)) || /^\p{Ll}{3,}ly$/u.test(t.text)) break;
    // a verb after the phrase's first word ends it ("the sanctions hurt …"); the first may be a noun the
    // lexicon also knows as a verb ("reports", "process")
    if (k > head && w === t.text && isFiniteVerb(w)) break;
    if (!PRONOUNS.has(w) && !NO_TARGET.test(w)) content++;
    k++;
  }
  if (!content || k === head) return null;
  return [i, k];
}

/** A phrase target: its text and span, and how far the phrase reaches with its attachments ("the decision
 * of the court"), where an entity inside makes the entity the target instead. */
export interface PhraseTarget {
  text: string;
  start: number;
  end: number;
  reach: number;
}

/** Prepositions whose object belongs to the phrase before them ("the ban on imports from Canada"). */
const ATTACHED = new Set(['of', 'by', 'from', 'against', 'for', 'toward', 'towards', 'to', 'over', 'in', 'on', 'about', 'between']);

/**
 * The noun phrase a claim's content opens with, or null where the content opens with none (a verb, a
 * pronoun, a clause). An attitude noun with its object ("concern about reports") gives the object.
 */
export function phraseTarget(text: string, content: { start: number; end: number }): PhraseTarget | null {
  // a target is near the content's start: the first words are enough
  const toks = tokenize(text.slice(content.start, Math.min(content.end, content.start + 240)), content.start);
  let i = 0;
  // opening quote marks, a complementizer
  while (i < toks.length && (!isWord((toks[i] as Token).text) || /^(?:that|to)$/i.test((toks[i] as Token).text))) {
    if (/^to$/i.test((toks[i] as Token).text)) return null; // "to put X on trial": an act, not a target
    i++;
  }
  const np = nounPhrase(toks, i);
  if (!np) return null;
  let [a, b] = np;
  const last = (toks[b - 1] as Token).text.toLowerCase();
  const prep = toks[b]?.text.toLowerCase();
  if (prep && ATTITUDE_PREPS.has(prep) && ATTITUDE.has(last)) {
    const obj = nounPhrase(toks, b + 1);
    if (obj) [a, b] = obj;
  }
  let r = b;
  for (let hops = 0; hops < 3 && ATTACHED.has(toks[r]?.text.toLowerCase() ?? ''); hops++) {
    const more = nounPhrase(toks, r + 1);
    if (!more) break;
    r = more[1];
  }
  // an agent names whose the thing is ("the proposal offered by the administration")
  const by = toks[r]?.text === 'by' ? r : toks[r + 1]?.text === 'by' && /^\p{Ll}+ed$/u.test(toks[r]?.text ?? '') ? r + 1 : toks[r + 2]?.text === 'by' && /^\p{Ll}+ed$/u.test(toks[r + 1]?.text ?? '') ? r + 2 : -1;
  if (by > 0) {
    const agent = nounPhrase(toks, by + 1);
    if (agent) r = agent[1];
  }
  // an apposition names what the phrase describes ("the mogul's daughter, Shari Redstone,")
  if (toks[r]?.text === ',') {
    const more = nounPhrase(toks, r + 1);
    if (more) r = more[1];
  }
  const start = (toks[a] as Token).start;
  const end = (toks[b - 1] as Token).end;
  return { text: text.slice(start, end), start, end, reach: (toks[r - 1] as Token).end };
}
