// `newsdesk extract FILE...` and `newsdesk extract --jsonl`: the evaluation entry point. No network, no store.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';
import type { ExtractInput } from '../extract/index.js';
import { inProcessExtractor, poolExtractor } from '../ingest/extractor.js';
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


export interface JsonlOptions {
  /** Extraction threads: 1 extracts on the calling thread; more run a pool of worker threads, each
   * document with the pool's time limit. @defaultValue 1 */
  threads?: number;
}

interface Parsed {
  id: string;
  input?: ExtractInput;
  error?: string;
}

/** A line as its id and the extraction input, or the reason it is none. */
function parseLine(rawLine: string, lineNo: number): Parsed {
  // a byte-order mark (an editor's, or a file's first line) is no part of the JSON
  const line = rawLine.replace(/^\uFEFF/, '');
  let id = `line-${lineNo}`;
  try {
    if (!line.trim()) throw new Error('empty line (expected one JSON object)');
    const raw = JSON.parse(line) as unknown;
    if (raw && typeof raw === 'object' && 'id' in raw) id = String((raw as { id: unknown }).id);
    const doc = JsonlInput.parse(raw);
    if (doc.html === undefined && doc.text === undefined) throw new Error('neither "html" nor "text" given');
    return { id, input: { id: doc.id, html: doc.html, text: doc.text, url: doc.url ?? null, publishedAt: doc.publishedAt ?? null } };
  } catch (err) {
    const reason = err instanceof z.ZodError ? `invalid input: ${err.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ')}` : (err as Error).message;
    return { id, error: `line ${lineNo}: ${reason}` };
  }
}

/** One record per input line, in order, `id` echoed; a bad line (blank ones too) yields `{id, error}` and
 * the stream goes on: output line N always answers input line N. With threads, several documents are
 * extracted at once and written as each next one in order is done. */
export async function extractJsonl(input: Readable, out: Writable, opts: JsonlOptions = {}): Promise<{ ok: number; failed: number }> {
  const threads = Math.max(1, opts.threads ?? 1);
  const extractor = threads > 1 ? poolExtractor({ threads }) : inProcessExtractor();
  let ok = 0;
  let failed = 0;
  // a few documents per thread in flight keep every thread busy, and bound memory
  const maxInFlight = threads === 1 ? 1 : threads * 4;
  const answer = async (rawLine: string, lineNo: number): Promise<string> => {
    const { id, input: doc, error } = parseLine(rawLine, lineNo);
    const result = doc ? await extractor.run(doc, `line ${lineNo}`) : null;
    if (result?.ok) {
      ok++;
      return `${JSON.stringify(result.record)}\n`;
    }
    failed++;
    return `${JSON.stringify({ id, error: result ? result.detail : error })}\n`;
  };
  // answers are written in input order as each is ready (a record comes out while later lines are read);
  // a line is read only while fewer than maxInFlight answers wait to be written
  let inFlight = 0;
  let freed: (() => void) | null = null;
  let written: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  try {
    let lineNo = 0;
    for await (const rawLine of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      while (inFlight >= maxInFlight && writeError === null) await new Promise<void>((r) => (freed = r));
      if (writeError !== null) break;
      inFlight++;
      const line = answer(rawLine, ++lineNo);
      written = written.then(async () => {
        try {
          const text = await line;
          if (writeError === null) await write(out, text);
        } catch (err) {
          writeError ??= err;
        } finally {
          inFlight--;
          freed?.();
          freed = null;
        }
      });
    }
    await written;
  } finally {
    await extractor.close();
  }
  if (writeError !== null) throw writeError;
  return { ok, failed };
}

export interface ExtractFileOptions {
  url?: string;
  published?: string;
}

export async function extractFile(file: string, opts: ExtractFileOptions) {
  const body = await readFile(file, 'utf8');
  const { extract } = await import('../extract/index.js');
  const given = { url: opts.url ?? null, publishedAt: opts.published ?? null };
  return isHtmlPath(file) ? extract({ html: body, ...given }) : extract({ text: body, ...given });
}
