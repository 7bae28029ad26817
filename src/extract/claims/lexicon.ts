// Cue words: verbs of saying (reported speech) and stance verbs (a position with no reported speech).

/** Words separated by spaces; "_" joins the words of one cue ("called_for"). */
const alt = (s: string) => s.trim().split(/\s+/).map((w) => w.replace(/_/g, '\\s+')).join('|');

/** Speech verbs, inflected: "said", "says", "told", "reiterated", "emphasized"... */
export const SPEECH = alt(`
  said says say told tells added adds noted notes stressed stresses emphasized emphasises emphasised emphasizes
  explained explains argued argues asked asks wrote writes insisted insists warned warns claimed claims stated
  states reiterated reiterates announced announces reported reports declared declares acknowledged acknowledges
  admitted admits confirmed confirms denied denies suggested suggests believes believed thinks thought contended
  contends maintained maintains recalled recalls replied replies responded responds answered answers predicted
  predicts estimated estimates complained complains conceded concedes cautioned cautions testified testifies
  tweeted tweets posted revealed reveals disclosed discloses alleged alleges observed observes commented comments
  remarked remarks concluded concludes agreed agrees pointed_out points_out hopes hoped expects expected feared
  fears worried worries vowed vows pledged pledges promised promises shows showed show found finds suggested
  indicates indicated indicate called_for calls_for call_for called_on calls_on`);

/** Participles that continue a clause with a new claim: ", urging the US to...", ", claiming that...". */
export const PARTICIPLE = alt(`
  urging saying adding claiming arguing noting insisting warning calling stressing emphasizing explaining
  accusing asking demanding vowing pledging describing
`);

/** Stance verbs with the stance they carry. */
export const STANCE_VERBS: Record<string, 'support' | 'oppose'> = {
  condemn: 'oppose', oppose: 'oppose', protest: 'oppose', denounce: 'oppose', criticize: 'oppose', criticise: 'oppose',
  reject: 'oppose', slam: 'oppose', blast: 'oppose', decry: 'oppose', deplore: 'oppose', urge: 'oppose',
  object: 'oppose', resist: 'oppose', boycott: 'oppose', sue: 'oppose', accuse: 'oppose', blame: 'oppose',
  welcome: 'support', support: 'support', praise: 'support', back: 'support', endorse: 'support',
  applaud: 'support', hail: 'support', commend: 'support', defend: 'support', embrace: 'support',
};

const inflect = (v: string) => {
  const e = v.endsWith('e');
  const doubled = /^(slam|object)$/.test(v) ? (v === 'slam' ? 'slamm' : v) : v;
  return [v, `${v}s`, e ? `${v}d` : `${doubled}ed`, v.endsWith('sh') || v.endsWith('ss') ? `${v}es` : ''].filter(Boolean);
};

export const STANCE_FORMS = new Map<string, 'support' | 'oppose'>();
for (const [v, s] of Object.entries(STANCE_VERBS)) for (const f of inflect(v)) STANCE_FORMS.set(f, s);
STANCE_FORMS.set('criticises', 'oppose');

export const STANCE = [...STANCE_FORMS.keys()].sort((a, b) => b.length - a.length).join('|');

/** Adverbs that may sit between a subject and its verb. */
export const ADVERBS = 'also|strongly|firmly|further|again|repeatedly|previously|later|then|recently|publicly|privately|openly|vehemently|resolutely|categorically|fiercely|sharply|quickly|immediately|once|still|had|has|have|would|will|could|might|may|did|does|do|not|never|always';

/** Nouns that head a description of a company or of a person, for resolving "the company said". */
export const ORG_NOUNS = /^(company|firm|group|maker|manufacturer|provider|operator|giant|carrier|retailer|bank|lender|startup|conglomerate|business|supplier|vendor|developer|insurer|automaker|carmaker|airline|ministry|agency|department|government|administration|organization|organisation|exchange|court|commission|council|committee|union|party|regulator|newspaper|network|broadcaster|publisher|outlet|university|institute|school|hospital|team|club)$/i;
export const PERSON_NOUNS = /^(official|spokesperson|spokesman|spokeswoman|minister|president|premier|chancellor|secretary|chairman|chairwoman|chair|chief|ceo|founder|director|head|leader|officer|executive|manager|analyst|economist|professor|expert|lawyer|attorney|judge|senator|governor|mayor|ambassador|envoy|diplomat|commissioner|representative|deputy|adviser|advisor|aide|candidate|nominee|lawmaker|legislator|coach|captain|player|activist|man|woman|father|mother|doctor|researcher|scientist|author|source|witness|resident|owner)$/i;

/** Participles of a feeling: "outraged by X" is the subject's stance toward X, not X's. */
export const FEELINGS = /^(?:outrag|anger|infuriat|enrag|disappoint|impress|inspir|frustrat|shock|alarm|worr|concern|pleas|delight|encourag|troubl|disturb|offend|embarrass|sadden|surpris|mov|touch|thrill|annoy|irritat|upset|dismay|horrifi|appall|amus|bother|interest|motivat|scar|frighten|terrifi|disgust|intrigu|satisfi|dissatisfi|bor|tir|overwhelm|stunn|puzzl|confus|baffl|excit)/;
