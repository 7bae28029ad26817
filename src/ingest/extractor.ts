// How the processors run extraction. `extract()` is synchronous and pure, so a time limit can only be kept
// by running it on another thread and stopping that thread: the pool does that (and so uses every core);
// the in-process form is for callers that need neither (tests, one-off scripts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ExtractInput } from '../extract/index.js';
import type { ArticleRecord } from '../record.js';
import { fail, type FailureResult } from './failure.js';

export type ExtractResult = { ok: true; record: ArticleRecord } | FailureResult;

export interface Extractor {
  run(input: ExtractInput, label: string): Promise<ExtractResult>;
  close(): Promise<void>;
  /** Settles once documents can be taken (the threads have read their models); always settles. */
  ready?(): Promise<void>;
}

const failed = (label: string, err: unknown): FailureResult => fail('extract-failed', `${label}: extraction failed: ${(err as Error)?.message ?? String(err)}`);

/** Extraction on the calling thread: no time limit. */
export function inProcessExtractor(): Extractor {
  return {
    async run(input, label) {
      const { extract } = await import('../extract/index.js');
      try {
        return { ok: true, record: extract(input) };
      } catch (err) {
        return failed(label, err);
      }
    },
    close: async () => {},
    // on the calling thread the models load synchronously: before any fetch, so no fetch's timer runs out
    // while the event loop is held
    ready: async () => (await import('../extract/warm-up.js')).warmUp(),
  };
}

export interface PoolOptions {
  /** Documents extracted at once, one thread each. @defaultValue the machine's cores */
  threads?: number;
  /** Time limit of one document, from the moment a thread takes it. @defaultValue 60_000 ms */
  timeoutMs?: number;
  /** Heap limit of a thread: a document that needs more fails alone. @defaultValue 2048 MB */
  maxHeapMb?: number;
  /** The module a thread runs (its default export takes the task). @defaultValue the compiled extract-worker.js */
  workerFile?: string;
}

// the compiled worker: next to this file in dist/, or in dist/ when this runs from src/ (tests)
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = join(dirname(here), 'extract-worker.js');
  if (existsSync(beside)) return beside;
  const built = join(dirname(here), '..', '..', 'dist', 'ingest', 'extract-worker.js');
  if (existsSync(built)) return built;
  throw new Error(`the extraction worker is not built (${built}): run npm run build`);
}

/** Extraction on worker threads, each document with a time limit that fails it with a reason. */
export function poolExtractor(opts: PoolOptions = {}): Extractor {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxHeapMb = opts.maxHeapMb ?? 2048;
  const pool = new Piscina({
    filename: opts.workerFile ?? workerFile(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // a larger young generation: extraction makes many short-lived strings, and scavenges were near a third
    // of a thread's time with V8's default (measured: 93–109 → 74–76 ms CPU a news page)
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64 },
  });
  // a ping per thread: once all have answered, every thread has read its models, and a document's clock may
  // start (a thread still loading takes seconds of a core a fetch's timer would otherwise lose)
  const ready = Promise.all(Array.from({ length: threads }, () => pool.run({ ping: true })));
  ready.catch(() => {}); // closed before the threads were up: only waiting documents need to hear of it
  // our own queue, so the clock of a document starts when a thread is free for it, not while it waits
  let busy = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    await ready;
    if (busy < threads) busy++;
    else await new Promise<void>((r) => waiting.push(r));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  };
  return {
    async run(input, label) {
      try {
        await acquire();
      } catch (err) {
        return failed(label, err);
      }
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        return { ok: true, record: (await pool.run(input, { signal })) as ArticleRecord };
      } catch (err) {
        if (signal.aborted) return fail('extract-timeout', `${label}: extraction took longer than ${timeoutMs} ms and was stopped`);
        if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return fail('extract-failed', `${label}: extraction needed more than ${maxHeapMb} MB and was stopped`);
        return failed(label, err);
      } finally {
        release();
      }
    },
    close: () => pool.destroy(),
    ready: () => ready.then(
      () => undefined,
      () => undefined,
    ),
  };
}
