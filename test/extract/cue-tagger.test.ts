// The learned cue finder: its model loads and it marks verbs of attribution the lists do not hold.
import { describe, expect, it } from 'vitest';
import { CUE_PRIOR, cueFeatures, cueScores, findCues, tagSentenceCues } from '../../src/extract/claims/cue-tagger.js';
import { extract } from '../../src/extract/index.js';
import { scoreTags } from '../../src/extract/learned/tagger.js';
import { taggerModel } from '../../src/extract/models.js';
import { tokenize } from '../../src/extract/tokens.js';

describe('cue finder', () => {
  it('marks a verb of attribution outside the cue lists', () => {
    const toks = tokenize('The senator questioned whether the deal would survive a vote.');
    const cues = findCues(toks).map((c) => toks.slice(c.start, c.end).map((t) => t.text).join(' '));
    expect(cues).toEqual(['questioned']);
  });

  it('with its prior, opens cues its weights alone leave closed', () => {
    const words = (text: string, prior: number) => {
      const toks = tokenize(text);
      return findCues(toks, undefined, prior).map((c) => toks.slice(c.start, c.end).map((t) => t.text).join(' '));
    };
    expect(words('The mayor wants the council to approve the budget.', 0)).toEqual([]);
    expect(words('The mayor wants the council to approve the budget.', CUE_PRIOR)).toEqual(['wants']);
    expect(words('Video from the scene shows that the officer had his hands raised.', CUE_PRIOR)).toEqual(['shows']);
  });

  it('a lone auxiliary the prior opens is no cue', () => {
    const text = 'Veltrona Systems is recalling about 40,000 laptop batteries.';
    const toks = tokenize(text);
    expect(findCues(toks, undefined, CUE_PRIOR).map((c) => toks.slice(c.start, c.end).map((t) => t.text).join(' '))).toEqual(['is']);
    expect(tagSentenceCues(taggerModel('cue-polnear'), text, 0, text.length, CUE_PRIOR)).toEqual([]);
  });

  it('its cue makes a claim only when something is reported', () => {
    const claims = extract({ text: 'Maria Lopez questioned whether the deal would survive a vote. The council approved a new tram line.' }).claims;
    expect(claims.map((c) => [c.speaker?.name, c.cue.text, c.content.text])).toEqual([['Maria Lopez', 'questioned', 'whether the deal would survive a vote']]);
  });
});

describe('cue scores by word', () => {
  it('sum the same features in the same order as the feature strings: the same scores, bit for bit', () => {
    const model = taggerModel('cue-polnear');
    const sentences = [
      'The senator questioned whether the deal would survive a vote.',
      '“We will not back down,” Ms. Okafor told reporters on Tuesday, according to a statement.',
      'Critics, including two former ministers, argued that the plan was rushed; officials denied it.',
      'Said',
      'Prices rose 4.5% in São Paulo, the agency’s report shows, as analysts had warned.',
    ];
    const prevs = ['<s>', ...model.tags];
    let compared = 0;
    for (const text of sentences) {
      const words = tokenize(text).map((t) => t.text);
      for (let i = 0; i < words.length; i++) {
        for (const prev of i === 0 ? ['<s>'] : model.tags) {
          for (const prev2 of i <= 1 ? ['<s>'] : prevs.slice(1)) {
            const byString = scoreTags(model, cueFeatures(words, i, prev, prev2));
            expect([...cueScores(model, words, i, prev, prev2)]).toEqual(byString);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});
