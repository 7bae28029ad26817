// `newsdesk ingest`: the main job, inline: fetch → extract (on worker threads, each document with a time
// limit) → store, with a progress bar on a terminal. Every failure is printed and kept in the store.
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { createFetcher, expandInputs, poolExtractor, type ProcessResult, runInline } from '../ingest/index.js';
import { fetchOptions } from './fetch-options.js';
import { openStore } from './open-store.js';

/** "input: reason: detail", the detail without a repeat of the input it starts with (the processors have
 * already dropped credentials from both). */
export function failureLine(r: Extract<ProcessResult, { ok: false }>): string {
  const detail = r.detail.startsWith(`${r.input}:`) ? r.detail.slice(r.input.length + 1).trim() : r.detail;
  return `${r.input}: ${r.reason}: ${detail}`;
}

export async function ingestCommand(args: string[], cfg: Config, err: Writable & { isTTY?: boolean }): Promise<number> {
  const items = await expandInputs(args, { onFile: (file, readAs) => err.write(`newsdesk ingest: ${file}: read as ${readAs}\n`) });
  const store = await openStore(cfg);
  // a thread per core at most, and no more than there are documents: each holds its own models
  const documents = items.filter((i) => i.kind !== 'bad').length;
  const extractor = poolExtractor({ threads: Math.max(1, Math.min(cfg.concurrency, availableParallelism(), documents)), timeoutMs: cfg.extractTimeoutMs });
  const fetcher = createFetcher(fetchOptions(cfg));
  try {
    const bar = err.isTTY ? new cliProgress.SingleBar({ stream: err, format: 'ingest [{bar}] {value}/{total} stored {stored} failed {failed}' }, cliProgress.Presets.shades_classic) : null;
    let stored = 0;
    let failed = 0;
    bar?.start(items.length, 0, { stored, failed });
    const summary = await runInline(items, { store, fetcher, extractor }, {
      concurrency: cfg.concurrency,
      onResult: (r, done) => {
        if (r.ok) {
          stored++;
          if (r.note) {
            if (bar) err.write('\n');
            err.write(`newsdesk ingest: ${r.input}: stored, but ${r.note}\n`);
          }
        } else {
          failed++;
          // on a terminal the bar is redrawn below each error line
          if (bar) err.write('\n');
          err.write(`newsdesk ingest: ${failureLine(r)}\n`);
        }
        bar?.update(done, { stored, failed });
      },
    });
    bar?.stop();
    if (summary.stored) await store.analyze();
    const where = cfg.databaseUrl ? 'PostgreSQL' : cfg.dataDir;
    err.write(`newsdesk ingest: stored ${summary.stored} of ${summary.total}, failed ${summary.failed}${summary.failed ? ' (newsdesk failures lists them)' : ''} → ${where}\n`);
    return summary.failed ? 1 : 0;
  } finally {
    await fetcher.close?.();
    await extractor.close();
    await store.close();
  }
}
