// Extraction grows linearly with the document: for pathological documents (one quote repeated, reported
// speech and stances that look back for speakers and targets, thousands of names, dates, quotes piled up in
// one paragraph without a full stop, thousands of paragraphs, markup nested 500 deep), twice the size
// takes about twice the time, never the four times of a quadratic stage. Timings are the best of a few
// runs, interleaved, so that a loaded machine does not decide the ratio.
import { describe, expect, it } from 'vitest';
import { type ExtractInput, extract } from '../../src/extract/index.js';

/** `unit` repeated to about `chars` characters. */
const repeat = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length));
/** Distinct made-up names: "Bako", "Cevi", … */
const name = (i: number) => {
  let s = '';
  for (let n = i; s.length < 2 || n > 0; n = Math.floor(n / 18)) s += 'BCDFGHJKLMNPRSTVWZ'.charAt(n % 18) + 'aeiou'.charAt(n % 5);
  return s.charAt(0) + s.slice(1).toLowerCase();
};
const generate = (chars: number, piece: (i: number) => string) => {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    parts.push(piece(i));
    length += (parts.at(-1) as string).length;
  }
  return parts.join('');
};

const DOCUMENTS: Record<string, (chars: number) => ExtractInput> = {
  'one quoted sentence repeated in one paragraph': (n) => ({ text: repeat('"We will build the bridge," the mayor said. ', n) }),
  'reported speech, stances and pronouns looking back': (n) => ({
    text: repeat('The mayor said the council would build the bridge next year. Acme Corp opposed the decision. The company said it was bad. He said on Tuesday it would fail. ', n),
    publishedAt: '2020-01-15',
  }),
  'thousands of distinct names': (n) => ({ text: generate(n, (i) => `${name(i)} Vorstadt met officials of ${name(i + 7)} Holdings in ${name(i + 3)}ville. `) }),
  'quotes piled up in a paragraph without a full stop': (n) => ({ text: repeat('"We will build it," Xu said, adding that: ', n) }),
  'dates in one long line': (n) => ({ text: repeat('by the end of March, on Tuesday, 1/2 and in May 1998 ', n), publishedAt: '2020-01-15' }),
  'thousands of paragraphs': (n) => ({ html: `<html><body><article>${repeat('<p>"We will build the bridge," the mayor said, adding more <a href="/x">words</a>.</p>', n)}</article></body></html>` }),
  'markup nested 500 deep': (n) => ({ html: `<html><body><article>${repeat(`${'<blockquote>The mayor said the council would build it. '.repeat(500)}${'</blockquote>'.repeat(500)}`, n)}</article></body></html>` }),
};

const N = 30_000;
const RUNS = 3;

function timeOf(input: ExtractInput): number {
  const started = performance.now();
  extract(input);
  return performance.now() - started;
}

describe('extraction scales linearly', () => {
  // the models and lexicons load once, on first use: not part of any measure
  extract({ text: '"We will," Xu said. China condemns the decision by the United States on Tuesday. He questioned whether it works.' });

  for (const [what, make] of Object.entries(DOCUMENTS)) {
    it(`${what}: twice the size, about twice the time`, () => {
      const small = make(N);
      const large = make(2 * N);
      let a = Infinity;
      let b = Infinity;
      for (let r = 0; r < RUNS; r++) {
        a = Math.min(a, timeOf(small));
        b = Math.min(b, timeOf(large));
      }
      expect(b / a, `${what}: ${a.toFixed(0)} ms for ${N} characters, ${b.toFixed(0)} ms for ${2 * N}`).toBeLessThan(3);
    });
  }

  it('a 300 KB document of one quoted sentence takes seconds, not minutes', () => {
    const started = performance.now();
    const record = extract({ text: repeat('"We will build the bridge," the mayor said. ', 300_000) });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(record.truncated).toEqual({ at: expect.any(Number), length: record.text.length });
    expect(new Set(record.claims.map((c) => c.id)).size).toBe(record.claims.length);
  });
});
