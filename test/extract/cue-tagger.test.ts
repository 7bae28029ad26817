// The learned cue finder: its model loads and it marks verbs of attribution the lists do not hold.
import { describe, expect, it } from 'vitest';
import { findCues } from '../../src/extract/claims/cue-tagger.js';
import { extract } from '../../src/extract/index.js';
import { tokenize } from '../../src/extract/tokens.js';

describe('cue finder', () => {
  it('marks a verb of attribution outside the cue lists', () => {
    const toks = tokenize('The senator questioned whether the deal would survive a vote.');
    const cues = findCues(toks).map((c) => toks.slice(c.start, c.end).map((t) => t.text).join(' '));
    expect(cues).toEqual(['questioned']);
  });

  it('its cue makes a claim only when something is reported', () => {
    const claims = extract({ text: 'Maria Lopez questioned whether the deal would survive a vote. The council approved a new tram line.' }).claims;
    expect(claims.map((c) => [c.speaker?.name, c.cue.text, c.content.text])).toEqual([['Maria Lopez', 'questioned', 'whether the deal would survive a vote']]);
  });
});
