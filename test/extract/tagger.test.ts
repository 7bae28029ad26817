// The learned name tagger: its committed model loads, and it finds names a reader would.
import { describe, expect, it } from 'vitest';
import { taggerModel } from '../../src/extract/models.js';
import { features, nameSpans, tagNames } from '../../src/extract/entities/tagger.js';
import { tag } from '../../src/extract/learned/tagger.js';
import { parseConll } from '../../src/train/conll.js';

const named = (sentence: string) => {
  const words = sentence.split(' ');
  return nameSpans(tagNames(taggerModel('ner-conll2003'), words)).map((s) => [words.slice(s.start, s.end).join(' '), s.type]);
};

describe('name tagger', () => {
  it('finds people, places and organizations in news sentences', () => {
    expect(named('Prime Minister Viktor Orban met executives of Siemens in Budapest on Monday .')).toEqual([
      ['Viktor Orban', 'PER'],
      ['Siemens', 'ORG'],
      ['Budapest', 'LOC'],
    ]);
  });

  it('never opens a name with a continuation tag', () => {
    const tags = tagNames(taggerModel('ner-conll2003'), 'the of and Reuters Kenya said'.split(' '));
    tags.forEach((t, i) => {
      if (t.startsWith('I-')) expect(tags[i - 1]?.slice(2)).toBe(t.slice(2));
    });
  });

  it('tags by feature numbers exactly as by the feature strings that define the model', () => {
    const model = taggerModel('ner-conll2003');
    for (const sentence of [
      'Prime Minister Viktor Orban met executives of Siemens in Budapest on Monday .',
      'Hangzhou Hikvision Digital Technology said on Tuesday it would appeal , a spokesman told Reuters .',
      'I',
      'NEW YORK 1996-08-30 -- The U.S. Treasury and the Federal Reserve Bank of New York declined to comment .',
    ]) {
      const words = sentence.split(' ');
      expect(tagNames(model, words)).toEqual(tag(model, words, features));
    }
  });

  it('training data: IOB1 tags become BIO, documents and blank lines split sentences', () => {
    const s = parseConll('-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nHans NNP I-NP B-PER\n\nBonn NNP I-NP I-LOC\n');
    expect(s).toEqual([
      { words: ['EU', 'rejects', 'Peter', 'Blackburn', 'Hans'], tags: ['B-ORG', 'O', 'B-PER', 'I-PER', 'B-PER'] },
      { words: ['Bonn'], tags: ['B-LOC'] },
    ]);
  });
});
