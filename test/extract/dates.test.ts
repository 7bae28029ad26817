import { describe, expect, it } from 'vitest';
import { extractDates } from '../../src/extract/dates.js';

const values = (text: string, published: string | null) => extractDates(text, published).map((d) => [d.text, d.value]);

describe('dates', () => {
  it('news past tense looks back from the publication date', () => {
    // 2019-10-09 was a Wednesday
    expect(values('Trading halted yesterday. The list was published on Tuesday. Talks began in August.', '2019-10-09')).toEqual([
      ['yesterday', '2019-10-08'],
      ['Tuesday', '2019-10-08'],
      ['August', '2019-08'],
    ]);
    expect(values('The talks collapsed in December.', '2019-10-09')).toEqual([['December', '2018-12']]);
  });

  it('the future stays ahead', () => {
    expect(values('The company will report results on Friday and in December.', '2019-10-09')).toEqual([
      ['Friday', '2019-10-11'],
      ['December', '2019-12'],
    ]);
  });

  it('without a publication date, a date with no year stays XXXX, and relative dates are left out', () => {
    expect(values('The U.S. government on December 15 added 36 firms. Officials met yesterday.', null)).toEqual([['December 15', 'XXXX-12-15']]);
  });

  it('absolute dates, months with years and bare years', () => {
    const d = extractDates('The flood of February 1954 was worse than the one on March 3, 2022, and prices rose in 2023.', '2024-01-01');
    expect(d.map((x) => [x.text, x.value, x.granularity, x.kind])).toEqual([
      ['February 1954', '1954-02', 'month', 'absolute'],
      ['March 3, 2022', '2022-03-03', 'day', 'absolute'],
      ['2023', '2023', 'year', 'absolute'],
    ]);
  });

  it('offsets point at the expression', () => {
    const text = 'It happened on Monday.';
    const [d] = extractDates(text, '2024-05-08');
    expect(text.slice(d?.start, d?.end)).toBe('Monday');
    expect(d?.kind).toBe('relative');
  });
});
