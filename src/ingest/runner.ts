// The inline runner: fetch → extract → store for many inputs with bounded concurrency, no Redis needed.
// Politeness per host is the fetcher's job; this only bounds how many items are in flight.
import type { IngestItem } from './inputs.js';
import { type ProcessDeps, type ProcessResult, processUrl, recordInputFailure, storePage } from './process.js';

export interface RunOptions {
  /** Items in flight at once. @defaultValue 4 */
  concurrency?: number;
  onResult?: (r: ProcessResult, done: number, total: number) => void;
}

export interface RunSummary {
  total: number;
  stored: number;
  failed: number;
  results: ProcessResult[];
}

export function processItem(item: IngestItem, deps: ProcessDeps): Promise<ProcessResult> {
  switch (item.kind) {
    case 'url':
      return processUrl(item.input, deps);
    case 'html':
    case 'text':
      return storePage(deps.store, item.input, { body: item.body, url: item.url, contentType: item.kind === 'html' ? 'text/html' : 'text/plain' }, deps.extractor);
    case 'bad':
      return recordInputFailure(deps.store, item.input, item.failure);
  }
}

export async function runInline(items: IngestItem[], deps: ProcessDeps, opts: RunOptions = {}): Promise<RunSummary> {
  await deps.extractor?.ready?.();
  const results: ProcessResult[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const r = await processItem(items[i] as IngestItem, deps);
      results[i] = r;
      done++;
      opts.onResult?.(r, done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, items.length)) }, worker));
  const stored = results.filter((r) => r.ok).length;
  return { total: items.length, stored, failed: items.length - stored, results };
}
