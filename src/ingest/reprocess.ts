// Re-extraction of stored documents, here and now (no Redis): what `newsdesk reprocess` does without a
// queue, and what a test or the API can call on an open store. Never fetches.
import type { StoredInput, StoredInputFilter, Store } from '../store/index.js';
import type { Extractor } from './extractor.js';
import { extractStep, type ProcessResult } from './process.js';

export interface ReprocessSummary {
  count: number;
  failed: number;
}

/** Re-extracts every stored input the filter selects, `lanes` at a time; each failure is recorded by
 * extractStep and handed to `onFailure`, and the rest go on. */
export async function reprocessStored(store: Store, filter: StoredInputFilter, extractor: Extractor, lanes = 1, onFailure: (r: Extract<ProcessResult, { ok: false }>) => void = () => {}): Promise<ReprocessSummary> {
  const inputs: StoredInput[] = [];
  for await (const s of store.storedInputs(filter)) inputs.push(s);
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < inputs.length) {
      const s = inputs[next++] as StoredInput;
      const r = await extractStep(store, s.input, s.documentHash, extractor);
      if (!r.ok) {
        failed++;
        onFailure(r);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  return { count: inputs.length, failed };
}
