// The processors: plain async functions of their inputs and injected dependencies (fetcher, extractor,
// store). The inline runner calls them directly; a queue worker would wrap the same functions.
import type { FailureStage, RawDocument, Store } from '../store/index.js';
import { stripCredentials } from '../url.js';
import { type Extractor, inProcessExtractor } from './extractor.js';
import type { FailureResult } from './failure.js';
import { fail } from './failure.js';
import type { Fetcher } from './fetcher.js';

export type ProcessResult = { ok: true; input: string; id: string; title: string | null; claims: number; note?: string } | (FailureResult & { input: string; stage: FailureStage });

export interface ProcessDeps {
  store: Store;
  fetcher: Fetcher;
  /** @defaultValue extraction on the calling thread, without a time limit */
  extractor?: Extractor;
}

/** A page to extract and store: the raw document the store keeps (its `note`, what decoding guessed, is
 * reported with the result too). */
export type Page = RawDocument;

const defaultExtractor = inProcessExtractor();

async function failed(store: Store, input: string, stage: FailureStage, f: FailureResult): Promise<ProcessResult> {
  const clean = { ...f, detail: stripCredentials(f.detail) };
  await store.recordFailure({ input, stage, reason: clean.reason, detail: clean.detail, retryable: clean.retryable });
  return { ...clean, input, stage };
}

/** A fetched or read page → record → store. Failures are stored and returned, never thrown. */
export async function storePage(store: Store, rawInput: string, page: Page, extractor: Extractor = defaultExtractor): Promise<ProcessResult> {
  const input = stripCredentials(rawInput);
  const isText = /^text\/plain\b/i.test(page.contentType ?? '');
  // extract() and the store drop any credentials left in the page's URLs themselves
  const extracted = await extractor.run(
    {
      ...(isText ? { text: page.body } : { html: page.body }),
      url: page.finalUrl ?? page.url,
      ...(page.fetchedAt ? { fetchedAt: page.fetchedAt } : {}),
    },
    input,
  );
  if (!extracted.ok) {
    await store.resolveFailures(input, ['input', 'fetch']);
    return failed(store, input, 'extract', extracted);
  }
  const record = extracted.record;
  try {
    await store.saveRecord(record, page, { input });
  } catch (err) {
    return failed(store, input, 'store', fail('store-failed', `${input}: could not be stored: ${(err as Error).message}`, true));
  }
  return { ok: true, input, id: record.id, title: record.title, claims: record.claims.length, ...(page.note ? { note: page.note } : {}) };
}

export async function processUrl(rawUrl: string, deps: ProcessDeps): Promise<ProcessResult> {
  const url = stripCredentials(rawUrl);
  // the fetcher never sees a user name or password: they are not sent, stored or printed
  const page = await deps.fetcher.fetch(url);
  if (!page.ok) return failed(deps.store, url, 'fetch', page);
  return storePage(deps.store, url, page, deps.extractor);
}

export async function recordInputFailure(store: Store, input: string, f: FailureResult): Promise<ProcessResult> {
  return failed(store, stripCredentials(input), 'input', f);
}
