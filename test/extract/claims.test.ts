// Claims, one phenomenon per test; the expected speaker, content and stance come from the sentence's meaning.
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import type { Claim } from '../../src/record.js';

const claims = (text: string) => extract({ text, id: 'test' }).claims;
const brief = (c: Claim) => ({ kind: c.kind, speaker: c.speaker?.name ?? null, speakerText: c.speaker?.text, content: c.content.text, stance: c.stance });

describe('claims', () => {
  it('direct quote, speaker after the quote', () => {
    expect(claims('“Their purpose is to suppress our companies and we reject it,” Xu Guixiang said.').map(brief)).toEqual([
      { kind: 'direct', speaker: 'Xu Guixiang', speakerText: 'Xu Guixiang', content: '“Their purpose is to suppress our companies and we reject it,”', stance: 'oppose' },
    ]);
  });

  it('direct quote with the attribution inverted: said X, the chief executive', () => {
    const [c] = claims('"We will build it anyway," said Martín Reyes, the chief executive of Oceanic Berth Holdings.');
    expect(c && brief(c)).toMatchObject({ kind: 'direct', speaker: 'Martín Reyes', content: '"We will build it anyway,"' });
  });

  // a direct quote's content keeps its marks, and a quote going on after its attribution in the same paragraph
  // is the same claim, from the first mark to the last: PolNeAR's annotators mark them so
  it('a quote going on after "Xu said" in the same paragraph is one claim of Xu', () => {
    const text = 'Xu Guixiang is the spokesperson. "Their purpose is to hinder us," Xu said. "We firmly oppose this."';
    expect(claims(text).map(brief)).toEqual([
      { kind: 'direct', speaker: 'Xu Guixiang', speakerText: 'Xu', content: '"Their purpose is to hinder us," Xu said. "We firmly oppose this."', stance: 'oppose' },
    ]);
  });

  it('a quote in the next paragraph goes on with the same speaker as a claim of its own', () => {
    const text = 'Xu Guixiang is the spokesperson. "Their purpose is to hinder us," Xu said.\n\n"We firmly oppose this and will respond."';
    const cs = claims(text).map(brief);
    expect(cs).toHaveLength(2);
    expect(cs[1]).toMatchObject({ kind: 'direct', speaker: 'Xu Guixiang', content: '"We firmly oppose this and will respond."', stance: 'oppose' });
  });

  it('a quote of two sentences stays one claim', () => {
    const [c] = claims('“We develop our own chips. The list will bring very limited influence,” iFlytek said in a statement.');
    expect(c?.content.text).toBe('“We develop our own chips. The list will bring very limited influence,”');
    expect(c?.speaker?.name).toBe('iFlytek');
  });

  it('reported speech: X, apposition, said (that) ...', () => {
    const [c] = claims('Geng Shuang, spokesperson for the Chinese Foreign Ministry, said that the US uses the groundless allegation as an excuse.');
    expect(c && brief(c)).toEqual({ kind: 'indirect', speaker: 'Geng Shuang', speakerText: 'Geng Shuang', content: 'that the US uses the groundless allegation as an excuse', stance: 'oppose' });
  });

  it('reported speech with the speaker at the end, and a participle clause as a second claim', () => {
    const text = 'Geng Shuang spoke on Monday. China will continue to take resolute measures, said Geng, urging the US to rescind the decision.';
    expect(claims(text).map(brief)).toEqual([
      { kind: 'indirect', speaker: 'Geng Shuang', speakerText: 'Geng', content: 'China will continue to take resolute measures', stance: 'neutral' },
      { kind: 'indirect', speaker: 'Geng Shuang', speakerText: 'Geng', content: 'the US to rescind the decision', stance: 'oppose' },
    ]);
  });

  it('"the company said" resolves to the last company named; "the official said" to the last person', () => {
    const text = 'Megvii was added to the list. Megvii has obeyed all rules, the company said. Xu Guixiang spoke next. The official said the rules were fair.';
    const cs = claims(text).map(brief);
    expect(cs).toContainEqual(expect.objectContaining({ speaker: 'Megvii', speakerText: 'the company', content: 'Megvii has obeyed all rules' }));
    expect(cs).toContainEqual(expect.objectContaining({ speaker: 'Xu Guixiang', speakerText: 'The official', content: 'the rules were fair' }));
  });

  it('a description of the company resolves to it; a plural description stays unnamed', () => {
    const text = 'IFlytek uses AI mainly in education, China’s top voice recognition firm said. Several listed Chinese tech firms said they were “deeply disappointed” with the list.';
    const cs = claims(text).map(brief);
    expect(cs[0]).toMatchObject({ speaker: 'IFlytek', speakerText: 'China’s top voice recognition firm' });
    expect(cs[1]).toMatchObject({ kind: 'mixed', speaker: null, speakerText: 'Several listed Chinese tech firms', stance: 'oppose' });
  });

  it('he/she resolve to the last person named', () => {
    const cs = claims('Helen Tsai met the press. She said the firm had changed its tests.').map(brief);
    expect(cs).toEqual([expect.objectContaining({ speaker: 'Helen Tsai', speakerText: 'She', content: 'the firm had changed its tests' })]);
  });

  it('according to, before and after the content', () => {
    const cs = claims('According to analysts at Maple Leaf Securities, rates will fall. Rates are high, according to the bank’s statement.').map(brief);
    expect(cs[0]).toMatchObject({ speaker: 'Maple Leaf Securities', content: 'rates will fall' });
    expect(cs[1]).toMatchObject({ content: 'Rates are high', speakerText: 'the bank’s statement' });
  });

  it('stance with no reported speech: the verb carries it, the object is the target', () => {
    const cs = claims('KENYA strongly condemns and rejects the closure of the border by Tanzania. Uganda also urges Tanzania to reopen it. The East African Community welcomed the offer.');
    expect(cs.map((c) => [c.kind, c.speaker?.name, c.cue.text, c.stance, c.target?.name ?? null])).toEqual([
      ['stance', 'Kenya', 'strongly condemns and rejects', 'oppose', 'Tanzania'],
      ['stance', 'Uganda', 'also urges', 'oppose', 'Tanzania'],
      ['stance', 'East African Community', 'welcomed', 'support', null],
    ]);
  });

  it('a quoted stance verb: Hikvision “strongly opposed” the decision', () => {
    const [c] = claims('Hikvision, China’s biggest camera maker, “strongly opposed” the decision.');
    expect(c && brief(c)).toMatchObject({ kind: 'stance', speaker: 'Hikvision', content: 'the decision', stance: 'oppose' });
  });

  it('verbs that only look like speech make no claim', () => {
    expect(claims('The Trump administration added 28 Chinese organizations to the list. He came back to the city.')).toEqual([]);
  });

  it('a plural noun after a name is no verb of saying: "Graham comments came …"', () => {
    const cues = (text: string) => claims(text).map((c) => c.cue.text);
    expect(cues('Senator Lindsey Graham spoke on Monday. Graham comments came moments after the vote in the Senate.')).not.toContain('comments');
    expect(cues('Senator Lindsey Graham spoke on Monday. Graham comments, which came after the vote, surprised no one.')).not.toContain('comments');
    // a verb still makes its claim
    expect(claims('Lindsey Graham claims that the vote was rigged.').map(brief)).toContainEqual(expect.objectContaining({ speaker: 'Lindsey Graham', content: 'that the vote was rigged' }));
  });

  it('the subject of a passive cue is not its speaker: "X was accused of …" names no one speaking, and takes no stance', () => {
    const accused = claims('Ariel Quiros, a developer, was accused of using $50 million for personal expenses, including a luxury condominium.');
    expect(accused.filter((c) => c.speaker !== null)).toEqual([]);
    expect(claims('The plan was strongly criticized by the unions on Monday.').filter((c) => c.speaker?.text === 'The plan')).toEqual([]);
    // an active cue keeps its subject
    expect(claims('Ariel Quiros accused the bank of using his money for its own expenses.').map((c) => c.speaker?.name)).toContain('Ariel Quiros');
  });

  it('an attribution inside reported speech is a claim of its own, and the outer content ends before it', () => {
    const found = claims('Mayor Tom Hale said the budget was balanced for the third year in a row, but critics argued that the city had cut too many services.').map(brief);
    expect(found).toEqual([
      expect.objectContaining({ speaker: 'Tom Hale', content: 'the budget was balanced for the third year in a row' }),
      expect.objectContaining({ speakerText: 'critics', content: 'that the city had cut too many services' }),
    ]);
    // the inner attribution's speaker may be the outer claim's own subject, before the outer content
    expect(claims('Mayor Ellen Voss told reporters the plan would lower fares, and warned that the state might cut its share of the funding.').map(brief)).toEqual([
      expect.objectContaining({ speaker: 'Ellen Voss', content: 'the plan would lower fares' }),
      expect.objectContaining({ speaker: 'Ellen Voss', content: 'that the state might cut its share of the funding' }),
    ]);
    // an act inside it is not: the report keeps its whole content
    expect(claims('US media reported that Corvane Logistics had cut 400 jobs at its depot in Toledo, Ohio.').map((c) => c.content.text)).toEqual([
      'that Corvane Logistics had cut 400 jobs at its depot in Toledo, Ohio',
    ]);
  });

  it('ids are stable: the same claim keeps its id when the rest of the article changes', () => {
    const a = claims('Megvii said it would appeal the ruling.');
    const b = claims('A new first paragraph was added.\n\nMegvii said it would appeal the ruling.');
    expect(b.at(-1)?.id).toBe(a[0]?.id);
  });

  it('offsets of speaker, cue and content point into the text', () => {
    const text = 'Briefing the media, Geng Shuang, spokesperson for the ministry, said the move was wrong.';
    const [c] = claims(text);
    expect(c).toBeDefined();
    if (!c?.speaker) throw new Error('no speaker');
    expect(text.slice(c.speaker.start, c.speaker.end)).toBe(c.speaker.text);
    expect(text.slice(c.cue.start, c.cue.end)).toBe('said');
    expect(text.slice(c.content.start, c.content.end)).toBe('the move was wrong');
  });
});

describe('claims in a wire story', () => {
  const text = `BEIJING, March 3 (Xinhua) -- China on Monday firmly opposed the latest sanctions on Chinese chipmakers, calling them an act of economic bullying.

Foreign Ministry spokesperson Mao Ning told a press briefing that the sanctions would only hurt the sanctioning side.

"We urge the other side to stop its wrong practices immediately," Mao said, adding that China will take necessary measures.`;
  const record = extract({ text, id: 'wire', publishedAt: '2024-03-04' });

  it('a dateline is not the subject: the stance is China’s, and so is the participle after it', () => {
    expect(record.claims.slice(0, 2).map((c) => [c.kind, c.speaker?.name, c.cue.text, c.content.text])).toEqual([
      ['stance', 'China', 'firmly opposed', 'the latest sanctions on Chinese chipmakers'],
      ['indirect', 'China', 'calling', 'them an act of economic bullying'],
    ]);
  });

  it('a role before the name without commas: the person speaks, and keeps the role', () => {
    expect(record.claims[2]?.speaker?.name).toBe('Mao Ning');
    expect(record.entities.find((e) => e.name === 'Mao Ning')?.role).toBe('Foreign Ministry spokesperson');
  });

  it('"…," Mao said, adding that …: two claims of one speaker', () => {
    expect(record.claims.slice(3).map((c) => [c.kind, c.speaker?.name, c.cue.text])).toEqual([
      ['direct', 'Mao Ning', 'said'],
      ['indirect', 'Mao Ning', 'adding'],
    ]);
  });
});

describe('quote marks', () => {
  it("two single quotes make a double quote: ''…,'' said Mr. Burman", () => {
    const cs = extract({ text: "Leonard Burman studies taxes. ''There's a lot of new complexity,'' said Mr. Burman.\n\n''It is a misguided approach.''" }).claims;
    expect(cs.map((c) => [c.kind, c.speaker?.name, c.content.text])).toEqual([
      ['direct', 'Leonard Burman', "''There's a lot of new complexity,''"],
      ['direct', 'Leonard Burman', "''It is a misguided approach.''"],
    ]);
  });
});

// Speaker errors read on real news pages, each reduced to the sentences that show it
describe('who speaks, as real pages get it wrong', () => {
  it('"He said" means the man the text introduced as its subject, not the last man named in passing', () => {
    const text = 'Dale Ostrander, who chairs the roads committee, told residents that crews would replace the pilings. He had spent the day with the engineer Priya Ramaswamy and with Tom Reilly, the mayor. He said the county would pay for the repairs.';
    const c = claims(text).find((x) => x.content.text.includes('pay for the repairs'));
    expect(c?.speaker).toMatchObject({ text: 'He', name: 'Dale Ostrander' });
  });

  it('"But Carter, Wolff wrote, argued that …" gives the argument to Carter, not to the writer', () => {
    const cs = claims('Michael Wolff wrote a book about the campaign. But Carter, Wolff wrote, argued that the plan was doomed from the start.');
    const c = cs.find((x) => x.content.text.includes('doomed'));
    expect(c?.speaker?.name).toBe('Carter');
    expect(c?.cue.text).toBe('argued');
    expect(cs.filter((x) => x.cue.text === 'wrote' && x.content.text.includes('Carter'))).toEqual([]);
  });

  it('"the mayor" is the person introduced as the mayor, not the last person named', () => {
    const text = 'Tom Reilly, the mayor of Marlow, opened the meeting. The historian Nora Feld wrote a letter about the bridge. But the mayor, Feld wrote, argued that the county could not afford a new bridge.';
    const c = claims(text).find((x) => x.content.text.includes('afford'));
    expect(c?.speaker).toMatchObject({ text: 'the mayor', name: 'Tom Reilly' });
  });

  it('a decision announced at a meeting, and a conference that agreed to act, are no one speaking', () => {
    expect(claims('A decision announced at a police board meeting on Thursday revealed that the station would close.')).toEqual([]);
    expect(claims('The conference has agreed to create a fund for the two regions.')).toEqual([]);
  });

  it('"US media reported" is said by the media, not by the United States', () => {
    const [c] = claims('US media reported that the company had cut 400 jobs.');
    expect(c?.speaker).toMatchObject({ text: 'US media', entityId: null });
  });

  it('"U.S. officials" speak for the United States', () => {
    const [c] = claims('The United States is weighing new curbs. U.S. officials said the review would end in May.');
    expect(c?.speaker?.name).toBe('United States');
  });
});
