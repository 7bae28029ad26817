// `newsdesk ingest`, `show`, `export`: the commands that use the store.
import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { createFetcher, expandInputs, runInline } from '../ingest/index.js';
import type { ArticleRecord } from '../record.js';
import { Store } from '../store/index.js';

export const openStore = (cfg: Config) => Store.open({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });

export async function ingestCommand(args: string[], cfg: Config, err: Writable & { isTTY?: boolean }): Promise<number> {
  const items = await expandInputs(args);
  const store = await openStore(cfg);
  try {
    const fetcher = createFetcher({
      allowPrivateHosts: cfg.allowPrivateHosts,
      minDelayMs: cfg.minDelayMs,
      maxBytes: cfg.maxBytes,
      totalTimeoutMs: cfg.timeoutMs,
      headersTimeoutMs: Math.min(cfg.timeoutMs, 10_000),
      respectRobots: cfg.respectRobots,
    });
    const bar = err.isTTY ? new cliProgress.SingleBar({ stream: err, format: 'ingest [{bar}] {value}/{total} stored {stored} failed {failed}' }, cliProgress.Presets.shades_classic) : null;
    let stored = 0;
    let failed = 0;
    bar?.start(items.length, 0, { stored, failed });
    const summary = await runInline(items, { store, fetcher }, {
      concurrency: cfg.concurrency,
      onResult: (r, done) => {
        if (r.ok) stored++;
        else {
          failed++;
          // on a terminal the bar is redrawn below each error line
          if (bar) err.write('\n');
          const detail = r.detail.startsWith(r.input) ? r.detail.slice(r.input.length).replace(/^:\s*/, '') : r.detail;
          err.write(`newsdesk ingest: ${r.input}: ${r.reason}: ${detail}\n`);
        }
        bar?.update(done, { stored, failed });
      },
    });
    bar?.stop();
    err.write(`newsdesk ingest: stored ${summary.stored} of ${summary.total}, failed ${summary.failed}${summary.failed ? ' (recorded in the failures table)' : ''} → ${cfg.databaseUrl ? 'PostgreSQL' : cfg.dataDir}\n`);
    return summary.failed ? 1 : 0;
  } finally {
    await store.close();
  }
}

export async function showCommand(id: string, cfg: Config, out: Writable, err: Writable): Promise<number> {
  const store = await openStore(cfg);
  try {
    const record = await store.getRecord(id);
    if (!record) {
      err.write(`newsdesk show: ${id}: no such record\n`);
      return 1;
    }
    out.write(`${JSON.stringify(record, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

const CSV_COLUMNS = ['article_id', 'url', 'title', 'published_at', 'claim_id', 'kind', 'speaker', 'speaker_entity_id', 'cue', 'content', 'target', 'stance', 'confidence'] as const;

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function claimRows(r: ArticleRecord): unknown[][] {
  return r.claims.map((c) => [r.id, r.url, r.title, r.publishedAt, c.id, c.kind, c.speaker?.name ?? c.speaker?.text ?? null, c.speaker?.entityId ?? null, c.cue.text, c.content.text, c.target?.name ?? c.target?.text ?? null, c.stance, c.confidence]);
}

const write = (out: Writable, s: string) => new Promise<void>((res) => (out.write(s) ? res() : out.once('drain', () => res())));

/** ndjson: one record a line. csv: one claim a row, for analysts' spreadsheets. */
export async function exportCommand(format: string, cfg: Config, out: Writable, err: Writable): Promise<number> {
  if (format !== 'ndjson' && format !== 'csv') {
    err.write(`newsdesk export: unknown format ${JSON.stringify(format)} (ndjson or csv)\n`);
    return 2;
  }
  const store = await openStore(cfg);
  try {
    if (format === 'csv') await write(out, `${CSV_COLUMNS.join(',')}\n`);
    for await (const r of store.records()) {
      if (format === 'ndjson') await write(out, `${JSON.stringify(r)}\n`);
      else for (const row of claimRows(r)) await write(out, `${row.map(csvCell).join(',')}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
