// The two sample articles in ../shared, scored by the rules of ../shared/gold/README.md. Skipped (and says
// so) when ../shared is not beside the repository.
import { describe, expect, it } from 'vitest';
import { sharedCases } from '../src/eval/gold-sets.js';
import { scoreRecord, totals } from '../src/eval/gold.js';

const cases = sharedCases();
if (!cases.length) console.warn('seeds.test.ts: ../shared/gold not found, skipping the sample-article scores');

describe.skipIf(!cases.length)('sample articles (../shared/gold)', () => {
  const t = totals(cases.map((c) => scoreRecord(c.gold, c.run())));
  it('entity F1 is at least 0.8', () => {
    expect(t.entities.f1).toBeGreaterThanOrEqual(0.8);
  });
  it('speaker-attributed claim F1 is at least 0.6', () => {
    expect(t.attributed.f1).toBeGreaterThanOrEqual(0.6);
  });
  it('every gold date is found with its value', () => {
    expect(t.dateRecall).toBe(1);
  });
});
