// `newsdesk extract FILE...` and `newsdesk extract --jsonl`: the evaluation entry point. No network, no store.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import { extract } from '../extract/index.js';
import { isHtmlPath } from '../ingest/inputs.js';
import { givenDateProblem } from './given-date.js';
import { write } from './output.js';

const JsonlInput = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  html: z.string().optional(),
  text: z.string().optional(),
  url: z.string().nullish(),
  publishedAt: z
    .string()
    .nullish()
    .superRefine((v, ctx) => {
      const problem = v ? givenDateProblem(v) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});


/** One record per input line, in order, `id` echoed; a bad line (blank ones too) yields `{id, error}` and
 * the stream goes on: output line N always answers input line N. */
export async function extractJsonl(input: Readable, out: Writable): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  let lineNo = 0;
  for await (const rawLine of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    // a byte-order mark (an editor's, or a file's first line) is no part of the JSON
    const line = rawLine.replace(/^\uFEFF/, '');
    let id = `line-${lineNo}`;
    try {
      if (!line.trim()) throw new Error('empty line (expected one JSON object)');
      const raw = JSON.parse(line) as unknown;
      if (raw && typeof raw === 'object' && 'id' in raw) id = String((raw as { id: unknown }).id);
      const doc = JsonlInput.parse(raw);
      if (doc.html === undefined && doc.text === undefined) throw new Error('neither "html" nor "text" given');
      const record = extract({ id: doc.id, html: doc.html, text: doc.text, url: doc.url ?? null, publishedAt: doc.publishedAt ?? null });
      await write(out, `${JSON.stringify(record)}\n`);
      ok++;
    } catch (err) {
      failed++;
      const reason = err instanceof z.ZodError ? `invalid input: ${err.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ')}` : (err as Error).message;
      await write(out, `${JSON.stringify({ id, error: `line ${lineNo}: ${reason}` })}\n`);
    }
  }
  return { ok, failed };
}

export interface ExtractFileOptions {
  url?: string;
  published?: string;
}

export async function extractFile(file: string, opts: ExtractFileOptions) {
  const body = await readFile(file, 'utf8');
  const given = { url: opts.url ?? null, publishedAt: opts.published ?? null };
  return isHtmlPath(file) ? extract({ html: body, ...given }) : extract({ text: body, ...given });
}
