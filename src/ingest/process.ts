// The processors: plain async functions of their inputs and injected dependencies (fetcher, store, clock).
// The inline runner calls them directly; a queue worker would wrap the same functions.
import { extract } from '../extract/index.js';
import type { Store } from '../store/index.js';
import type { FailureResult } from './failure.js';
import { fail } from './failure.js';
import type { Fetcher } from './fetcher.js';

export type ProcessResult = { ok: true; input: string; id: string; title: string | null; claims: number } | (FailureResult & { input: string; stage: 'fetch' | 'extract' | 'store' | 'input' });

export interface ProcessDeps {
  store: Store;
  fetcher: Fetcher;
}

async function failed(store: Store, input: string, stage: 'fetch' | 'extract' | 'store' | 'input', f: FailureResult): Promise<ProcessResult> {
  await store.recordFailure({ input, stage, reason: f.reason, detail: f.detail, retryable: f.retryable });
  return { ...f, input, stage };
}

/** A fetched or read page → record → store. Failures are stored and returned, never thrown. */
export async function storePage(store: Store, input: string, page: { body: string; url: string | null; finalUrl?: string | null; contentType?: string | null; charset?: string | null; fetchedAt?: string }): Promise<ProcessResult> {
  let record: ReturnType<typeof extract>;
  try {
    const isText = /^text\/plain\b/i.test(page.contentType ?? '');
    record = extract({
      ...(isText ? { text: page.body } : { html: page.body }),
      url: page.finalUrl ?? page.url,
      ...(page.fetchedAt ? { fetchedAt: page.fetchedAt } : {}),
    });
  } catch (err) {
    return failed(store, input, 'extract', fail('extract-failed', `${input}: extraction failed: ${(err as Error).message}`));
  }
  try {
    await store.saveRecord(record, { url: page.url, finalUrl: page.finalUrl ?? null, contentType: page.contentType ?? null, charset: page.charset ?? null, fetchedAt: page.fetchedAt ?? null, body: page.body });
  } catch (err) {
    return failed(store, input, 'store', fail('store-failed', `${input}: could not be stored: ${(err as Error).message}`, true));
  }
  return { ok: true, input, id: record.id, title: record.title, claims: record.claims.length };
}

export async function processUrl(url: string, deps: ProcessDeps): Promise<ProcessResult> {
  const page = await deps.fetcher.fetch(url);
  if (!page.ok) return failed(deps.store, url, 'fetch', page);
  return storePage(deps.store, url, page);
}

export async function recordInputFailure(store: Store, input: string, f: FailureResult): Promise<ProcessResult> {
  return failed(store, input, 'input', f);
}
