import { describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';

const claims = (text: string) => extract({ text, id: 'test' }).claims;

describe('stance claims between entities of a sentence', () => {
  it('reads a participle the lexicon tags as an adjective as the verb of the stance', () => {
    // "supporting" is only an adjective to the lexicon: read so, the model would need to be surer of it
    const [c, ...rest] = claims('Mitt Romney today clearly did not rule out supporting Trump in the fall.');
    expect(rest).toHaveLength(0);
    expect(c?.kind).toBe('stance');
    expect(c?.speaker?.text).toBe('Mitt Romney');
    expect(c?.cue.text).toBe('supporting');
    expect(c?.target?.name).toBe('Trump');
    expect(c?.stance).toBe('support');
    expect(c?.provenance?.attribution.name).toBe('learned-stance-relation');
  });

  it('makes none for a stance inside what another claim reports', () => {
    // Tom Reilly's attack is Jim Corrigan's report of it: one claim, Corrigan's
    const found = claims('Jim Corrigan said that Tom Reilly had attacked Nadia Petrova over the harbour delays.');
    expect(found.map((c) => [c.speaker?.name, c.cue.text, c.content.text])).toEqual([['Jim Corrigan', 'said', 'that Tom Reilly had attacked Nadia Petrova over the harbour delays']]);
  });
});

describe('the stance of a claim toward its target', () => {
  it('takes oppose from the model at a lower probability than support', () => {
    // "mishandled" is in no stance lexicon: the model's oppose (about 0.22) decides it
    const [c, ...rest] = claims('Mary Lopez said Acme Corp had mishandled the contract.');
    expect(rest).toHaveLength(0);
    expect(c?.speaker?.text).toBe('Mary Lopez');
    expect(c?.target?.name).toBe('Acme Corp');
    expect(c?.stance).toBe('oppose');
    expect(c?.provenance?.stance).toMatchObject({ by: 'model' });
  });

  it('a report of bad news takes no side against whom it is bad for', () => {
    const [c] = claims('US media reported that Corvane Logistics had cut 400 jobs at its depot in Toledo, Ohio.');
    expect(c?.cue.text).toBe('reported');
    expect(c?.stance).toBe('neutral');
  });

  it('leaves a weak support, and an oppose the model leans away from, to the lexicon', () => {
    // the model's support (about 0.26) is under its target threshold, and it leans to support over oppose
    const [c, ...rest] = claims('Mary Lopez said Acme Corp would keep its promise.');
    expect(rest).toHaveLength(0);
    expect(c?.target?.name).toBe('Acme Corp');
    expect(c?.stance).toBe('neutral');
    expect(c?.provenance?.stance).toMatchObject({ by: 'rule' });
  });
});

describe('a stance verb in the passive', () => {
  it('is the agent’s stance toward the subject, once', () => {
    const cs = claims('Mayor Tom Grady was praised by the Harbour Council for the new budget.');
    expect(cs).toHaveLength(1);
    expect(cs[0]?.speaker?.text).toBe('Harbour Council');
    expect(cs[0]?.target?.name).toBe('Tom Grady');
    expect(cs[0]?.stance).toBe('support');
  });

  it('aims a claim whose speaker is the agent at the subject', () => {
    const [c, ...rest] = claims('Vela Motors has been criticized by Senator Ana Lind for moving jobs overseas.');
    expect(rest).toHaveLength(0);
    expect(c?.speaker?.text).toBe('Ana Lind');
    expect(c?.target?.name).toBe('Vela Motors');
    expect(c?.stance).toBe('oppose');
  });

  it('aims it at the subject when a name after the verb was read as the speaker, or the subject left unresolved', () => {
    const after = claims('Mr. Hale’s speech was praised by other European nations, including Spain and Italy.');
    expect(after.map((c) => [c.speaker?.text, c.target?.name, c.stance])).toEqual([['European', 'Hale', 'support']]);
    const unresolved = claims('Mayor Ana Ruiz’s budget was praised by other Nordic governments, including Norway and Denmark.');
    expect(unresolved.map((c) => [c.speaker?.text, c.target?.name, c.stance])).toEqual([['Nordic', 'Ana Ruiz', 'support']]);
  });

  it('leaves a feeling with its subject: "outraged by" is no stance of the agent', () => {
    const cs = claims('The Ostrava Choir was outraged by the Civic Theatre and its new ticket prices.');
    expect(cs.some((c) => c.speaker?.text === 'Civic Theatre')).toBe(false);
  });
});
