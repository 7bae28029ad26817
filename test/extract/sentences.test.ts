import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/extract/sentences.js';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('sentences', () => {
  it('keep abbreviations and initials inside a sentence', () => {
    expect(texts('The U.S. Senate met Mr. Smith on Jan. 5 in Washington. J. K. Rowling was not there.')).toEqual([
      'The U.S. Senate met Mr. Smith on Jan. 5 in Washington.',
      'J. K. Rowling was not there.',
    ]);
  });

  it('end after a closing quote, but not before a lowercase attribution', () => {
    expect(texts('"Why now?" she asked. "Because," he said. "It is time."')).toEqual(['"Why now?" she asked.', '"Because," he said.', '"It is time."']);
  });

  it('never cross a newline, and count paragraphs', () => {
    const s = splitSentences('Headline without a stop\n\nFirst. Second.\nThird');
    expect(s.map((x) => [x.text, x.paragraph])).toEqual([
      ['Headline without a stop', 0],
      ['First.', 1],
      ['Second.', 1],
      ['Third', 1],
    ]);
  });

  it('offsets point into the text', () => {
    const t = '  Leading space. Decimal 3.5 stays.';
    for (const s of splitSentences(t)) expect(t.slice(s.start, s.end)).toBe(s.text);
    expect(texts(t)).toEqual(['Leading space.', 'Decimal 3.5 stays.']);
  });
});
