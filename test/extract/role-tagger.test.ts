// The attribution role tagger: who speaks (SRC) and what is said (CON) toward a cue. Extraction scores the
// committed model through integer codes (role-index.ts); that must tag exactly as its feature strings do.
import { describe, expect, it } from 'vitest';
import { makeUnit, roleFeatures, tagRoles } from '../../src/extract/claims/learned-attribution.js';
import { findQuotes } from '../../src/extract/claims/quotes.js';
import { spans, tag } from '../../src/extract/learned/tagger.js';
import { taggerModel } from '../../src/extract/models.js';

const model = () => taggerModel('attribution-polnear');

/** A unit of the whole text and the token range of the cue word. */
function unitAt(text: string, cue: string) {
  const unit = makeUnit(text, 0, text.length, findQuotes(text));
  const c0 = unit.words.indexOf(cue);
  return { unit, c0, c1: c0 + 1 };
}
const words = (unit: ReturnType<typeof makeUnit>, s: { start: number; end: number } | null) => (s ? unit.words.slice(s.start, s.end).join(' ') : null);

describe('role tagger', () => {
  it('finds the speaker before the cue and the reported clause after it', () => {
    const { unit, c0, c1 } = unitAt('The transport minister, Ana Costa, said on Friday that the tram line would open in June.', 'said');
    const r = tagRoles(model(), unit, c0, c1);
    expect(words(unit, r.source)).toMatch(/Ana Costa/);
    expect(words(unit, r.content)).toBe('that the tram line would open in June');
  });

  it('the coded scoring tags every token as the feature strings do, far cues and quotes included', () => {
    const long = `${'The committee heard evidence , and members asked questions , '.repeat(6)}the chair said the report was late , adding that “ nobody , ” she claimed , “ reads it ” .`;
    const texts = [
      ['“We will not pay for it,” the mayor told reporters on Tuesday, while critics argued otherwise.', 'told'],
      ['“We will not pay for it,” the mayor told reporters on Tuesday, while critics argued otherwise.', 'argued'],
      ['According to officials, who declined to be named, the plan was dropped.', 'According'],
      [long, 'said'],
      [long, 'claimed'],
    ] as const;
    for (const [text, cue] of texts) {
      const { unit, c0, c1 } = unitAt(text, cue);
      expect(c0).toBeGreaterThanOrEqual(0);
      const from = Math.max(0, c0 - 48);
      const to = Math.min(unit.words.length, c1 + 48);
      const view = { ...unit, tokens: unit.tokens.slice(from, to), words: unit.words.slice(from, to), quoted: unit.quoted.slice(from, to), statics: unit.statics.slice(from, to) };
      const byStrings = spans(tag(model(), view.words, roleFeatures(view, c0 - from, c1 - from)));
      const coded = tagRoles(model(), unit, c0, c1);
      const src = byStrings.filter((s) => s.type === 'SRC');
      const con = byStrings.filter((s) => s.type === 'CON');
      const shift = (s: { start: number; end: number }) => ({ start: s.start + from, end: s.end + from });
      // the nearest source and the content from its first piece to its last, as tagRoles reads the tags
      const dist = (s: { start: number; end: number }) => (s.end <= c0 - from ? c0 - from - s.end : s.start - (c1 - from));
      const nearest = src.reduce<(typeof src)[number] | null>((a, s) => (!a || dist(s) < dist(a) ? s : a), null);
      expect(coded.source).toEqual(nearest ? shift(nearest) : null);
      expect(coded.content).toEqual(con.length ? { start: (con[0] as (typeof con)[number]).start + from, end: (con.at(-1) as (typeof con)[number]).end + from } : null);
    }
  });
});
