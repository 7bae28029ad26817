// `newsdesk show`, `export`, `failures`: the commands that read the store.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Config } from '../config.js';
import { FAILURE_STAGES, type FailureRow, type FailureStage } from '../store/index.js';
import { CLAIM_CSV_COLUMNS, claimRows, csvLine } from '../claims-csv.js';
import { openStore } from './open-store.js';
import { write } from './output.js';

/** By id, URL (as given or after redirects), canonical URL, or the path of an ingested file. */
export async function showCommand(key: string, cfg: Config, out: Writable, err: Writable): Promise<number> {
  const store = await openStore(cfg);
  try {
    const asFile = existsSync(key) ? [pathToFileURL(resolve(key)).href, resolve(key)] : [];
    const record = await store.getRecord(key, ...asFile);
    if (!record) {
      err.write(`newsdesk show: ${key}: no such record (give a record id, a URL or the path of an ingested file)\n`);
      return 1;
    }
    out.write(`${JSON.stringify(record, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** ndjson: one record a line. csv: one claim a row, for analysts' spreadsheets. */
export async function exportCommand(format: string, cfg: Config, out: Writable, err: Writable): Promise<number> {
  if (format !== 'ndjson' && format !== 'csv') {
    err.write(`newsdesk export: unknown format ${JSON.stringify(format)} (ndjson or csv)\n`);
    return 2;
  }
  const store = await openStore(cfg);
  try {
    if (format === 'csv') await write(out, csvLine(CLAIM_CSV_COLUMNS));
    for await (const r of store.records()) {
      if (format === 'ndjson') await write(out, `${JSON.stringify(r)}\n`);
      else for (const row of claimRows(r)) await write(out, csvLine(row));
    }
    return 0;
  } finally {
    await store.close();
  }
}

export interface FailuresOptions {
  all?: boolean;
  reason?: string;
  stage?: string;
  limit?: string;
  json?: boolean;
}

const failureText = (f: FailureRow) =>
  `${f.lastSeen.slice(0, 19).replace('T', ' ')}  ${f.stage.padEnd(7)} ${f.reason.padEnd(24)} ${f.attempts > 1 ? `×${f.attempts} ` : ''}${f.resolvedAt ? '(resolved) ' : ''}${f.input}\n    ${f.detail ?? ''}\n`;

/** What failed, the most recent first: open failures, or all with --all. */
export async function failuresCommand(o: FailuresOptions, cfg: Config, out: Writable, err: Writable): Promise<number> {
  if (o.stage && !(FAILURE_STAGES as readonly string[]).includes(o.stage)) {
    err.write(`newsdesk failures: --stage ${JSON.stringify(o.stage)}: expected one of ${FAILURE_STAGES.join(', ')}\n`);
    return 2;
  }
  const limit = o.limit === undefined ? 1000 : Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    err.write(`newsdesk failures: --limit ${JSON.stringify(o.limit)}: expected a whole number above 0\n`);
    return 2;
  }
  const store = await openStore(cfg);
  try {
    const rows = await store.failures({ includeResolved: o.all ?? false, limit, ...(o.reason ? { reason: o.reason } : {}), ...(o.stage ? { stage: o.stage as FailureStage } : {}) });
    if (o.json) {
      for (const f of rows) await write(out, `${JSON.stringify(f)}\n`);
      return 0;
    }
    if (!rows.length) {
      err.write(`newsdesk failures: ${o.all ? 'none recorded' : 'no open failures'}\n`);
      return 0;
    }
    for (const f of rows) await write(out, failureText(f));
    return 0;
  } finally {
    await store.close();
  }
}
