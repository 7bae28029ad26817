// Opinions learned from MPQA (models/opinion-mpqa.json.gz) and what they are aimed at; the expected side and
// target of each sentence come from its meaning.
import { describe, expect, it } from 'vitest';
import { opinionLexicon, opinionSide, stemOf } from '../../src/extract/claims/opinion-lexicon.js';
import { findQuotes } from '../../src/extract/claims/quotes.js';
import { extract } from '../../src/extract/index.js';
import type { Claim } from '../../src/record.js';

const claims = (text: string) => extract({ text, id: 'test' }).claims;
const brief = (c: Claim | undefined) => c && { speaker: c.speaker?.name ?? c.speaker?.text ?? null, stance: c.stance, target: c.target?.name ?? c.target?.text ?? null };

describe('the opinion lexicon', () => {
  const side = (w: string) => opinionSide(opinionLexicon(), stemOf(w));
  it('marks words that mostly stand in an opinion with their side, across their forms', () => {
    expect(side('criticism')).toBe('oppose');
    expect(side('condemned')).toBe('oppose');
    expect(side('welcomed')).toBe('support');
    expect(side('hopes')).toBe('support');
  });
  it('marks no word of plain report or of either side', () => {
    expect(side('said')).toBeNull();
    expect(side('the')).toBeNull();
    expect(side('expressed')).toBeNull();
  });
});

describe('what an opinion is aimed at', () => {
  it('is the phrase the opinion word governs, through a preposition', () => {
    const [c] = claims('The Tavora Fishing Cooperative said it was deeply concerned about the new quota system.');
    expect(brief(c)).toEqual({ speaker: 'Tavora Fishing Cooperative', stance: 'oppose', target: 'the new quota system' });
  });

  it('is a name where the phrase is one', () => {
    const [c] = claims('Mayor Ana Ruiz said she strongly criticized Delmora Shipping for the delays.');
    expect(brief(c)).toEqual({ speaker: 'Ana Ruiz', stance: 'oppose', target: 'Delmora Shipping' });
  });

  it('turns with a negation before the opinion word', () => {
    const [c] = claims('The Tavora Fishing Cooperative said it did not support the plan to widen the harbor.');
    expect(brief(c)).toMatchObject({ stance: 'oppose', target: 'the plan' });
  });

  it('keeps an infinitive that belongs to the noun, and takes no subject of a clause as the target', () => {
    expect(brief(claims('Ana Ruiz said she welcomed the offer to share the catch data.')[0])).toMatchObject({ stance: 'support', target: 'the offer' });
    // the warning is about an event: the farms are not what the union is against
    expect(claims('The farmers union warned that many small farms would close.')[0]?.target?.text).not.toBe('many small farms');
  });

  it('is not the speaker’s where the content has a subject of its own', () => {
    // the harbor board rejected the request; Ruiz only tells it
    const [c] = claims('Ana Ruiz said the harbor board had rejected the request for a delay.');
    expect(c?.target).toBeNull();
  });

  it('aims one word of the rules’ lexicon at no entity the content only names: a fact told is no side toward it', () => {
    const [c] = claims('"The attacks near Delmora continued on Sunday," Ana Ruiz said.');
    expect(c?.speaker?.name).toBe('Ana Ruiz');
    expect(c?.target).toBeNull();
  });
});

describe('opinion-verb claims', () => {
  it('make a stance claim of a subject and an opinion verb with no speech', () => {
    const cs = claims('The Tavora Fishing Cooperative is worried about the new quota system.');
    expect(cs).toHaveLength(1);
    expect(cs[0]).toMatchObject({ kind: 'stance', stance: 'oppose', target: { entityId: null, text: 'the new quota system' } });
    expect(cs[0]?.speaker?.name).toBe('Tavora Fishing Cooperative');
    expect(cs[0]?.provenance?.attribution).toMatchObject({ name: 'opinion-verb' });
    expect(cs[0]?.provenance?.stance).toMatchObject({ by: 'model', name: 'opinion-lexicon' });
  });

  it('make none of a passive, nor of a feeling caused in someone else', () => {
    expect(claims('Ana Ruiz was accused of fraud by the council.').filter((c) => c.speaker?.name === 'Ana Ruiz')).toEqual([]);
    // "angered" is the council's feeling, not Delmora's stance
    expect(claims('Delmora Shipping angered the city council with its new fees.').filter((c) => c.speaker?.name === 'Delmora Shipping')).toEqual([]);
  });
});

describe('straight quote marks', () => {
  it('start again where a mark shaped as an opening one follows a stray one', () => {
    const text = 'About 5" of rain fell. "We will rebuild," Ruiz said.';
    const inner = findQuotes(text).map((q) => text.slice(q.innerStart, q.innerEnd));
    expect(inner).toContain('We will rebuild,');
  });

  it('continue a speaker’s quote in the next sentence only, not two sentences on', () => {
    const text = '"We will rebuild," Ana Ruiz said. The storm hit on Monday. Roads were closed for days. "It was the worst in decades."';
    expect(claims(text).filter((c) => c.content.text.includes('Roads were closed'))).toEqual([]);
  });
});
