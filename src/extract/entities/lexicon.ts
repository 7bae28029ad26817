// Word lists for entity finding and typing. compromise's lexicon (≈25k words) answers "is this a common
// word / a first name / a city?"; the lists here add what news needs and compromise lacks.
import { createRequire } from 'node:module';

// Only the lexicon is read, and it is built by compromise's second stage: its one-file CommonJS build loads in
// about half the time of the ES module tree (some 300 ms less per process and per worker thread), same words.
const nlp = createRequire(import.meta.url)('compromise/two') as { model(): { one: { lexicon: Record<string, string | string[]> } } };
const LEX = nlp.model().one.lexicon;

const NONE: string[] = [];

export function lexTags(word: string): string[] {
  const t = LEX[word.toLowerCase()];
  return t === undefined ? NONE : Array.isArray(t) ? t : [t];
}

const words = (s: string) => new Set(s.trim().split(/\s+/));

/** Canonical place names for the aliases news uses; keys are lower-cased. */
export const PLACE_ALIASES: Record<string, string> = {
  us: 'United States', 'u.s.': 'United States', 'u.s': 'United States', usa: 'United States', 'u.s.a.': 'United States',
  america: 'United States', 'united states': 'United States', 'united states of america': 'United States',
  uk: 'United Kingdom', 'u.k.': 'United Kingdom', britain: 'United Kingdom', 'great britain': 'United Kingdom',
  'united kingdom': 'United Kingdom', prc: 'China', "people's republic of china": 'China', uae: 'United Arab Emirates',
  'hong kong': 'Hong Kong', 'south korea': 'South Korea', 'north korea': 'North Korea', russia: 'Russia',
  'russian federation': 'Russia', eu: 'European Union',
};

/** Places compromise does not know (regions of China, news datelines). */
export const EXTRA_PLACES = new Set(
  [
    'Xinjiang', 'Tibet', 'Guangdong', 'Guangxi', 'Sichuan', 'Yunnan', 'Hubei', 'Hunan', 'Henan', 'Hebei', 'Shandong',
    'Shanxi', 'Shaanxi', 'Jiangsu', 'Zhejiang', 'Fujian', 'Anhui', 'Jiangxi', 'Guizhou', 'Gansu', 'Qinghai',
    'Ningxia', 'Inner Mongolia', 'Heilongjiang', 'Jilin', 'Liaoning', 'Hainan', 'Chongqing', 'Tianjin', 'Xiamen',
    'Shenzhen', 'Hangzhou', 'Wuhan', 'Urumqi', 'Kashgar', 'Taiwan', 'Macau', 'Gaza', 'West Bank', 'Kyiv', 'Kiev',
    'Crimea', 'Donbas', 'Kashmir', 'Brussels', 'Geneva', 'Silicon Valley', 'Wall Street', 'Capitol Hill',
    'Europe', 'Asia', 'Africa', 'Middle East', 'Latin America', 'North America', 'South America', 'Antarctica',
    'Pacific', 'Atlantic', 'Ukraine', 'Iran', 'Iraq', 'Syria', 'Israel', 'Lebanon', 'Yemen', 'Afghanistan', 'Pakistan',
  ].map((s) => s.toLowerCase()),
);

/** Last words that make a name an organization. */
export const ORG_HEADS = words(`
  Inc Inc. Corp Corp. Corporation Co Co. Company Companies Ltd Ltd. LLC PLC plc Group Holdings Holding Technologies
  Technology Tech Systems Solutions Industries Industry Enterprises Partners Capital Ventures Bank Bancorp Airlines
  Airways Motors Pharmaceuticals Pharma Labs Laboratories Networks Media Communications Telecom Energy Petroleum
  Oil Gas Electric Insurance Investments Securities Exchange Fund Trust Foundation Institute Institution University
  College School Academy Hospital Clinic Ministry Department Dept Agency Administration Commission Committee Council
  Board Bureau Office Authority Service Services Court Parliament Congress Senate Assembly Cabinet Government Police
  Army Navy Force Forces Guard Party Union Federation Association Alliance Coalition League Organization Organisation
  Society Club Team Times Post News Journal Herald Tribune Press Gazette Telegraph Review Magazine Network Broadcasting
  Reuters Agency Church Mission Council Commission Front Movement Brigade Brigades Cartel Studios Records Pictures
  Entertainment Games Software Semiconductor Electronics Robotics Automotive Logistics Railways Railway Shipping
  Chamber Community Museum Museums Gallery Library Zoo Theatre Theater Orchestra Ports Securities Wind Power Utilities
`);

/** Fields an institution's name joins with "and": "Science and Technology", "Museums and Monuments". */
export const FIELD_WORDS = words(`
  Science Sciences Technology Technologies Development Research Trade Industry Industries Commerce Culture Sport
  Sports Health Education Monuments Museums Antiquities Heritage Tourism Transport Transportation Energy Environment
  Agriculture Fisheries Forestry Food Drug Drugs Human Services Welfare Security Justice Finance Economy Planning
  Housing Communications Information Innovation Engineering Arts Letters Media Labor Labour Employment Immigration
  Protection Safety Defense Defence Affairs Exploration Production Marketing Investment Investments Management
  Medicine Family Youth Water Power Mines Minerals Resources Infrastructure Statistics Customs Excise Revenue
`);

/** Last words that make a name a place. */
export const PLACE_HEADS = words(`
  Region Province Prefecture County City Town Village District State Republic Kingdom Emirates Island Islands
  River Lake Sea Ocean Bay Gulf Strait Mountains Mountain Mount Valley Desert Peninsula Coast Street Avenue Square
  Park Port Harbor Harbour Bridge Canal Territory Territories Oblast Canton Basin Coast Airport
`);

/** Words after which "of" continues a name: "Ministry of Foreign Affairs", "University of Tokyo". */
export const OF_HEADS = words(`
  Ministry Minister Department Secretary Bank University Institute College School Academy Republic Kingdom
  Bureau Office Board Council Commission Committee Court Federation Union Association Chamber Church Museum
  Gulf Bay Sea Isle Island Islands Strait Cape Duke Prince Princess King Queen Governor Mayor State States
  Federal Organization Organisation League Society Center Centre Party Army Province City Port Coast
`);

/** Words that stand before a person's name and are not part of it. */
export const TITLES = words(`
  Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Professor Sen Sen. Senator Rep Rep. Representative Gov Gov. Governor
  President Vice Premier Prime Minister Chancellor Secretary Chairman Chairwoman Chair CEO Judge Justice General
  Gen Gen. Colonel Col. Lieutenant Lt. Captain Capt. Sergeant Sgt. Officer Detective Det. Inspector Mayor King Queen
  Prince Princess Pope Father Rev Rev. Sir Dame Lord Lady Ambassador Spokesman Spokeswoman Spokesperson Coach
  Commissioner Director Deputy Speaker Leader Chief Minister Attorney Sheriff Saint St. Pastor Rabbi Imam Sheikh
`);

/** Nouns that head a role in an apposition: "Geng Shuang, spokesperson for Chinese Foreign Ministry". */
export const ROLE_NOUNS = words(`
  spokesperson spokesman spokeswoman minister president vice-president premier chancellor secretary chairman
  chairwoman chair chief ceo cfo coo cto founder co-founder director head leader official officer executive
  manager analyst economist professor researcher scientist expert lawyer attorney judge senator governor mayor
  ambassador envoy diplomat commissioner representative deputy adviser advisor aide consultant editor reporter
  correspondent columnist author writer general commander member partner owner president-elect strategist
  candidate nominee speaker lawmaker legislator councillor councilor sheriff inspector detective superintendent
  principal dean chancellor coach captain player striker manager activist campaigner organizer organiser
  father mother son daughter wife husband brother sister resident student teacher doctor nurse pastor
`);

/** Common Chinese (and a few other East Asian) surnames, for names compromise does not know ("Geng Shuang"). */
export const EAST_ASIAN_SURNAMES = words(`
  Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang
  Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Jia Ding Wei Xue Ye Yan Pan Du Dai Xia Zhong
  Wen Fu Shen Jin Lu Qin Ren Shi Geng Hua Kong Bai Cui Kang Mao Qiu Qian Yin Gu Hou Shao Meng Long Wan Duan Lei
  Tan Qi Fan Hao Tao Xiong Jin Yao Zou Xi Lai Su Lu Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Nguyen Tran Le Pham
`);

/** A pinyin-looking given name ("Shuang", "Guixiang", "Jinping"). */
export const PINYIN = /^(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|ua|uo|ue|ui|iu|er|a|e|i|o|u|v)){1,3}$/;

/** Plural nouns and demonyms for groups of people ("Uygurs", "Muslims"): typed as group, never person. */
export const GROUP_WORDS = words(`
  Uygurs Uyghurs Uighurs Kazakhs Muslims Christians Jews Hindus Buddhists Sikhs Kurds Tibetans Arabs Palestinians
  Israelis Americans Chinese Russians Ukrainians Democrats Republicans Conservatives Liberals Catholics Protestants
`);

/** Capitalized words that are never entities on their own. */
export const NOT_NAMES = words(`
  I A An The This That These Those It Its He She They We You His Her Their Our My Your But And Or Nor So Yet For
  If When While Where After Before Since Until As At In On Of To By With From Into About Over Under Then There Here
  What Who Whom Whose Which Why How Yes No Not Also Still Just Only Even Many Much More Most Some Any Each Every All
  Both Few Several Other Another Such Meanwhile However Although Though Because Once Now Today Tonight Yesterday
  Tomorrow Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
  June July August September October November December Home News Read Photo Video Image Advertisement Share
  According Asked Said Says Despite During Among Between Without Within Against Toward Towards Via Per Like Unlike
  Last Next First Second Third New Old Top Chief Senior Former Late Please Thanks Thank Dear OK Okay
`);

export const MONTHS_AND_DAYS = /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?)\.?$/i;
