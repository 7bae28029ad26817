// The rules of a review, alone: inputs, what a review does to a claim, corrections against their article,
// and what re-extraction keeps, flags and removes.
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../src/record.js';
import { applyReview, correctionProblem, planReextraction, ReviewInput, resolveCorrection, type StoredClaim } from '../../src/review/rules.js';

const TEXT = 'Ana Lima said the bridge opens in May. Rui Costa called it a waste of money.';
const ARTICLE = {
  text: TEXT,
  entities: [
    { id: 'person:ana-lima', name: 'Ana Lima', mentions: [{ start: 0, end: 8, text: 'Ana Lima' }] },
    { id: 'person:rui-costa', name: 'Rui Costa', mentions: [{ start: 39, end: 48, text: 'Rui Costa' }] },
  ],
};

const claim = (id: string, content: string, speaker: string | null, stance: Claim['stance'] = 'neutral', target: string | null = null): Claim => {
  const start = TEXT.indexOf(content);
  return {
    id,
    kind: 'indirect',
    speaker: speaker ? { entityId: speaker, name: speaker, text: speaker, start: 0, end: 1 } : null,
    cue: { text: 'said', start: 9, end: 13 },
    content: { text: content, start, end: start + content.length },
    target: target ? { entityId: target, name: target, text: target } : null,
    stance,
    confidence: 0.8,
  };
};

const stored = (c: Claim, status: StoredClaim['status'], flag: StoredClaim['flag'] = null): StoredClaim => ({
  id: c.id,
  status,
  flag,
  content: c.content.text,
  speakerEntityId: c.speaker?.entityId ?? null,
  targetEntityId: c.target?.entityId ?? null,
  stance: c.stance,
});

describe('review input', () => {
  it('accepts accept/reject without a correction and correct with one', () => {
    expect(ReviewInput.safeParse({ action: 'accept', reviewer: 'ed' }).success).toBe(true);
    expect(ReviewInput.safeParse({ action: 'reject', reviewer: 'ed', note: 'not a claim' }).success).toBe(true);
    expect(ReviewInput.safeParse({ action: 'correct', reviewer: 'ed', correction: { stance: 'oppose' } }).success).toBe(true);
  });

  it('refuses a correct without a correction, an empty correction, a backwards span, a blank reviewer, a correction on accept', () => {
    expect(ReviewInput.safeParse({ action: 'correct', reviewer: 'ed' }).success).toBe(false);
    expect(ReviewInput.safeParse({ action: 'correct', reviewer: 'ed', correction: {} }).success).toBe(false);
    expect(ReviewInput.safeParse({ action: 'correct', reviewer: 'ed', correction: { content: { start: 9, end: 3 } } }).success).toBe(false);
    expect(ReviewInput.safeParse({ action: 'accept', reviewer: '  ' }).success).toBe(false);
    expect(ReviewInput.safeParse({ action: 'accept', reviewer: 'ed', correction: { stance: 'oppose' } }).success).toBe(false);
    expect(ReviewInput.safeParse({ action: 'approve', reviewer: 'ed' }).success).toBe(false);
  });
});

describe('corrections against their article', () => {
  it('a span past the end of the text or an entity not in the article is a problem, with the reason', () => {
    expect(correctionProblem({ content: { start: 70, end: TEXT.length + 1 } }, ARTICLE)).toMatch(/outside the article text/);
    expect(correctionProblem({ speakerEntityId: 'person:someone-else' }, ARTICLE)).toMatch(/speakerEntityId person:someone-else is not an entity/);
    expect(correctionProblem({ targetEntityId: 'org:x' }, ARTICLE)).toMatch(/targetEntityId/);
    expect(correctionProblem({ content: { start: 0, end: TEXT.length }, speakerEntityId: null, targetEntityId: 'person:rui-costa' }, ARTICLE)).toBeNull();
  });

  it('resolves to the values shown: the entity named at its first mention, the span text', () => {
    const start = TEXT.indexOf('a waste of money');
    expect(resolveCorrection({ speakerEntityId: 'person:rui-costa', targetEntityId: null, stance: 'oppose', content: { start, end: start + 16 } }, ARTICLE)).toEqual({
      speaker: { entityId: 'person:rui-costa', name: 'Rui Costa', text: 'Rui Costa', start: 39, end: 48 },
      target: null,
      stance: 'oppose',
      content: { text: 'a waste of money', start, end: start + 16 },
    });
    // fields not corrected are absent, so the extractor's show through
    expect(resolveCorrection({ stance: 'support' }, ARTICLE)).toEqual({ stance: 'support' });
  });
});

describe('a review', () => {
  const pending = { status: 'pending' as const, correction: null, flag: 'changed' as const };

  it('sets the status of its action and clears the flag', () => {
    expect(applyReview(pending, 'accept')).toEqual({ status: 'accepted', correction: null, flag: null });
    expect(applyReview(pending, 'reject')).toEqual({ status: 'rejected', correction: null, flag: null });
  });

  it('a second correction overrides the fields it sets and keeps the others; accepting later keeps the correction', () => {
    const first = applyReview(pending, 'correct', { stance: 'oppose', target: null });
    const second = applyReview(first, 'correct', { stance: 'support' });
    expect(second).toEqual({ status: 'corrected', correction: { stance: 'support', target: null }, flag: null });
    expect(applyReview(second, 'accept').correction).toEqual({ stance: 'support', target: null });
  });
});

describe('re-extraction', () => {
  const a = claim('a', 'the bridge opens in May', 'person:ana-lima');
  const b = claim('b', 'a waste of money', 'person:rui-costa', 'oppose');

  it('a new claim and a never-reviewed one are written unflagged; a never-reviewed claim no longer found is removed', () => {
    const plan = planReextraction([stored(a, 'pending')], [b]);
    expect(plan).toEqual({ write: [{ claim: b, flag: null }], remove: ['a'], missing: [] });
  });

  it('a reviewed claim found the same keeps its review unflagged, even when only its spans, cue or confidence moved', () => {
    const moved = { ...a, confidence: 0.4, cue: { text: 'stated', start: 9, end: 15 } };
    expect(planReextraction([stored(a, 'accepted')], [moved])).toEqual({ write: [{ claim: moved, flag: null }], remove: [], missing: [] });
  });

  it('a reviewed claim whose content, speaker, target or stance changed is flagged changed', () => {
    const changes: Claim[] = [
      { ...a, content: { ...a.content, text: 'the bridge opens in June' } },
      { ...a, speaker: null },
      { ...a, target: { entityId: 'person:rui-costa', name: 'Rui Costa', text: 'Rui Costa' } },
      { ...a, stance: 'support' },
    ];
    for (const changed of changes) expect(planReextraction([stored(a, 'rejected')], [changed]).write).toEqual([{ claim: changed, flag: 'changed' }]);
  });

  it('a changed claim never reviewed is not flagged: nobody looked at it yet', () => {
    const changed = { ...a, stance: 'oppose' as const };
    expect(planReextraction([stored(a, 'pending')], [changed]).write).toEqual([{ claim: changed, flag: null }]);
  });

  it('a reviewed claim no longer found is kept and flagged missing; a flag stays until a review, and a missing claim found again is changed', () => {
    expect(planReextraction([stored(a, 'corrected'), stored(b, 'pending')], [])).toEqual({ write: [], remove: ['b'], missing: ['a'] });
    expect(planReextraction([stored(a, 'accepted', 'changed')], [a]).write).toEqual([{ claim: a, flag: 'changed' }]);
    expect(planReextraction([stored(a, 'accepted', 'missing')], [a]).write).toEqual([{ claim: a, flag: 'changed' }]);
  });
});
