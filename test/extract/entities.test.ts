import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';

const entities = (text: string) => extract({ text }).entities;
const find = (text: string, name: string) => entities(text).find((e) => e.name === name);

describe('entities', () => {
  it('non-Western names are people, and the surname alone is an alias', () => {
    const text = 'Xu Guixiang, spokesperson for the regional government, spoke on Monday. Xu said the plan was legal. Park Ji-hoon, a spokesman for the ministry, agreed.';
    expect(find(text, 'Xu Guixiang')).toMatchObject({ type: 'person', aliases: ['Xu'], role: 'spokesperson for the regional government' });
    expect(find(text, 'Park Ji-hoon')).toMatchObject({ type: 'person', role: 'a spokesman for the ministry' });
  });

  it('an all-caps word at the start of a sentence is a name, read in any case', () => {
    const e = find('CHINA strongly condemns the decision. China said so before.', 'China');
    expect(e).toMatchObject({ type: 'place', aliases: ['CHINA'] });
  });

  it('US, U.S., the United States and America are one place with a stable id', () => {
    const text = 'The United States added the firms. U.S. officials said the US would act. America agreed.';
    const us = entities(text).filter((e) => e.type === 'place');
    expect(us).toHaveLength(1);
    expect(us[0]).toMatchObject({ id: 'place:united-states', name: 'United States' });
    expect(us[0]?.aliases.sort()).toEqual(['America', 'U.S.', 'US']);
    expect(extract({ text: 'America is large.' }).entities[0]?.id).toBe('place:united-states');
  });

  it('case variants and a shorter first word merge into the fullest name', () => {
    const text = 'Listed firms like iFlytek and Dahua Technology fell. IFlytek said little. Dahua said nothing.';
    const names = entities(text).map((e) => [e.name, e.type, e.aliases.sort()]);
    expect(names).toContainEqual(['iFlytek', 'organization', ['IFlytek']]);
    expect(names).toContainEqual(['Dahua Technology', 'organization', ['Dahua']]);
  });

  it('organizations by their heads: ministries, exchanges, "X of Y", "Science and Technology"', () => {
    const text = 'The Shenzhen Stock Exchange halted trading. The Ministry of Foreign Affairs and Yixin Science and Technology objected. The Trump administration and the Xinjiang regional government replied.';
    const orgs = entities(text).filter((e) => e.type === 'organization').map((e) => e.name);
    expect(orgs).toEqual(expect.arrayContaining(['Shenzhen Stock Exchange', 'Ministry of Foreign Affairs', 'Yixin Science and Technology', 'Trump administration', 'Xinjiang regional government']));
  });

  it('places by their surroundings: "-based", "near X", "the X border"', () => {
    const text = 'The Tianjin-based company has a plant near Kelvale, close to the Namanga border crossing.';
    const places = entities(text).filter((e) => e.type === 'place').map((e) => e.name);
    expect(places).toEqual(expect.arrayContaining(['Tianjin', 'Kelvale', 'Namanga']));
  });

  it('sentence-initial common words, months and titles are not names', () => {
    const names = entities('Briefing the media, Mr. John Carter said that Several people came. Before that, in March, nothing happened.').map((e) => e.name);
    expect(names).toEqual(['John Carter']);
  });

  it('a name made of common nouns is a thing, not an organization', () => {
    const orgs = entities('It integrates artificial intelligence, cloud computing, Internet of Things products and cameras.').filter((e) => e.type === 'organization');
    expect(orgs).toEqual([]);
  });

  it('mentions carry offsets into the text', () => {
    const text = 'Megvii said it would appeal. Megvii has obeyed all rules.';
    const e = entities(text)[0];
    expect(e?.mentions.map((m) => text.slice(m.start, m.end))).toEqual(['Megvii', 'Megvii']);
  });
});
