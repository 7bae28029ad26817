// The processors: plain async functions of their inputs and injected dependencies (fetcher, extractor,
// store), in two steps so the raw page is kept whatever extraction does. *fetch* turns a URL into a stored,
// content-addressed document; *extract* turns a stored document into a record. The inline runner chains
// them; a queue worker runs each as a job of its own that carries only the input and the document hash.
import type { FailureStage, RawDocument, Store } from '../store/index.js';
import { stripCredentials } from '../url.js';
import { type Extractor, inProcessExtractor } from './extractor.js';
import type { FailureResult } from './failure.js';
import { fail } from './failure.js';
import type { Fetcher } from './fetcher.js';

type Failed = FailureResult & { input: string; stage: FailureStage };

export type ProcessResult = { ok: true; input: string; id: string; title: string | null; claims: number; note?: string } | Failed;

/** A document stored for an input: what the extract step needs. */
export type FetchStepResult = { ok: true; input: string; documentHash: string; note?: string } | Failed;

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

async function failed(store: Store, input: string, stage: FailureStage, f: FailureResult): Promise<Failed> {
  const clean = { ...f, detail: stripCredentials(f.detail) };
  await store.recordFailure({ input, stage, reason: clean.reason, detail: clean.detail, retryable: clean.retryable });
  return { ...clean, input, stage };
}

/** Keeps a page read or fetched for an input; its earlier input and fetch failures are over. */
export async function keepPage(store: Store, rawInput: string, page: Page & { status?: number }): Promise<FetchStepResult> {
  const input = stripCredentials(rawInput);
  let documentHash: string;
  try {
    documentHash = await store.saveFetched(input, page);
  } catch (err) {
    return failed(store, input, 'store', fail('store-failed', `${input}: the page could not be stored: ${(err as Error).message}`, true));
  }
  await store.resolveFailures(input, ['input', 'fetch']);
  return { ok: true, input, documentHash, ...(page.note ? { note: page.note } : {}) };
}

/** The fetch step: URL → stored document. Failures are stored and returned, never thrown. */
export async function fetchStep(rawUrl: string, deps: Pick<ProcessDeps, 'store' | 'fetcher'>): Promise<FetchStepResult> {
  const url = stripCredentials(rawUrl);
  // the fetcher never sees a user name or password: they are not sent, stored or printed
  const page = await deps.fetcher.fetch(url);
  if (!page.ok) return failed(deps.store, url, 'fetch', page);
  return keepPage(deps.store, url, page);
}

/** The extract step: stored document → record → store. Failures are stored and returned, never thrown. */
export async function extractStep(store: Store, rawInput: string, documentHash: string, extractor: Extractor = defaultExtractor): Promise<ProcessResult> {
  const input = stripCredentials(rawInput);
  const page = await store.getFetched(input, documentHash);
  if (!page) return failed(store, input, 'extract', fail('extract-failed', `${input}: its stored document ${documentHash.slice(0, 12)} is missing`));
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
  if (!extracted.ok) return failed(store, input, 'extract', extracted);
  const record = extracted.record;
  try {
    await store.saveRecord(record, undefined, { input, documentHash });
  } catch (err) {
    return failed(store, input, 'store', fail('store-failed', `${input}: could not be stored: ${(err as Error).message}`, true));
  }
  return { ok: true, input, id: record.id, title: record.title, claims: record.claims.length, ...(page.note ? { note: page.note } : {}) };
}

/** A page read or fetched → kept → extracted → stored. */
export async function storePage(store: Store, rawInput: string, page: Page, extractor: Extractor = defaultExtractor): Promise<ProcessResult> {
  const kept = await keepPage(store, rawInput, page);
  return kept.ok ? extractStep(store, kept.input, kept.documentHash, extractor) : kept;
}

export async function processUrl(rawUrl: string, deps: ProcessDeps): Promise<ProcessResult> {
  const fetched = await fetchStep(rawUrl, deps);
  return fetched.ok ? extractStep(deps.store, fetched.input, fetched.documentHash, deps.extractor) : fetched;
}

export async function recordInputFailure(store: Store, input: string, f: FailureResult): Promise<ProcessResult> {
  return failed(store, stripCredentials(input), 'input', f);
}
