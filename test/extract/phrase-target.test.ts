import { describe, expect, it } from 'vitest';
import { phraseTarget } from '../../src/extract/claims/phrase-target.js';
import { extract } from '../../src/extract/index.js';

/** The phrase target of a content that is all of `text`. */
const phrase = (text: string) => phraseTarget(text, { start: 0, end: text.length })?.text ?? null;
const claims = (text: string) => extract({ text, id: 'test' }).claims;

describe('the noun phrase a content opens with', () => {
  it('ends a base noun phrase at a preposition, a comma, an auxiliary or a finite verb', () => {
    expect(phrase('the harbour tax plan of the council')).toBe('the harbour tax plan');
    expect(phrase('the new curfew, which the mayor announced')).toBe('the new curfew');
    expect(phrase('that the tram fares were raised in May')).toBe('the tram fares');
    expect(phrase('the ferry operators accused the port of delays')).toBe('the ferry operators');
  });

  it('takes the object of an attitude noun', () => {
    expect(phrase('concern about rising rents in the old town')).toBe('rising rents');
    expect(phrase('strong support for the school merger')).toBe('the school merger');
  });

  it('keeps a title and its name together', () => {
    expect(phrase('Mr. Okafor for his handling of the strike')).toBe('Mr. Okafor');
  });

  it('finds none in a pronoun, a clause, an act or a date', () => {
    expect(phrase('he would resign')).toBeNull();
    expect(phrase('what she called a betrayal')).toBeNull();
    expect(phrase('to close the library')).toBeNull();
    expect(phrase('Tuesday that the vote was fair')).toBeNull();
  });

  it('reaches over an agent and an apposition, where an entity makes the entity the target', () => {
    const text = 'the budget offered by the finance committee on Monday';
    const p = phraseTarget(text, { start: 0, end: text.length });
    expect(p?.text).toBe('the budget');
    expect(text.slice(0, p?.reach)).toBe('the budget offered by the finance committee');
  });
});

describe('claims aimed at a phrase', () => {
  it('a stance verb aimed at a thing, not at an entity named later', () => {
    const [c] = claims('The Harbour Workers Union denounced the new shift rota, much to the irritation of Delmar Shipping.');
    expect(c?.speaker?.text).toBe('Harbour Workers Union');
    expect(c?.cue.text).toBe('denounced');
    expect(c?.target).toEqual({ entityId: null, name: null, text: 'the new shift rota' });
    expect(c?.stance).toBe('oppose');
  });

  it('an entity inside the object stays the target', () => {
    const [c] = claims('Senator Alma Reyes criticised the budget proposal offered by the Verdant Party.');
    expect(c?.speaker?.text).toBe('Alma Reyes');
    expect(c?.target?.name).toBe('Verdant Party');
    expect(c?.stance).toBe('oppose');
  });

  it('a wish stated by the cue is support toward its object', () => {
    const [c] = claims('Mayor Ines Duarte called for a ceasefire in the northern districts.');
    expect(c?.speaker?.text).toBe('Ines Duarte');
    expect(c?.stance).toBe('support');
    expect(c?.target?.text).toBe('a ceasefire');
  });

  it('concern about something is oppose toward it', () => {
    const [c] = claims('The Tenants Association expressed concern about rising rents in the old town.');
    expect(c?.speaker?.text).toBe('Tenants Association');
    expect(c?.stance).toBe('oppose');
    expect(c?.target?.text).toBe('rising rents');
  });
});
