// What `newsdesk ingest` is given: URLs, HTML pages, plain-text articles, and files that list URLs (one a
// line, # comments). A file is read for what it is, and the caller is told what that was.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripCredentials } from '../url.js';
import { looksBinary } from './decode.js';
import { fail, type FailureResult } from './failure.js';

export type IngestItem =
  | { kind: 'url'; input: string }
  | { kind: 'html' | 'text'; input: string; url: string; body: string }
  | { kind: 'bad'; input: string; failure: FailureResult };

export interface ExpandOptions {
  /** Told what each file was read as ("an HTML page", "a list of 12 URLs", "a plain-text article"). */
  onFile?: (file: string, readAs: string) => void;
}

const looksLikeHtml = (s: string) => /^\s*(<!doctype html|<html|<head|<body|<article|<meta|<!--)/i.test(s) || /<\/(p|div|body|html)>/i.test(s.slice(0, 20_000));
/** Anything with a scheme separator is meant as a URL; the fetcher's guard says whether it is a valid one. */
const looksLikeUrl = (s: string) => /^[^\s/]+:\/\/\S*$/.test(s);

const listLines = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter((l) => l.line && !l.line.startsWith('#'));

/** A file named as an HTML page (.html, .htm, .xhtml): read as one whatever it starts with. */
export const isHtmlPath = (file: string): boolean => /\.x?html?$/i.test(file);

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Expands arguments into items; an unreadable file or a bad line is an item with its failure, not an exception. */
export async function expandInputs(args: string[], opts: ExpandOptions = {}): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for (const raw of args) {
    const arg = stripCredentials(raw);
    if (looksLikeUrl(arg.trim())) {
      out.push({ kind: 'url', input: arg.trim() });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(arg);
    } catch (err) {
      out.push({ kind: 'bad', input: arg, failure: fail('unreadable-file', `${arg}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`) });
      continue;
    }
    if (looksBinary(bytes)) {
      out.push({ kind: 'bad', input: arg, failure: fail('binary-content', `${arg}: binary data, not an HTML page, a text or a list of URLs`) });
      continue;
    }
    const body = bytes.toString('utf8');
    if (!body.trim()) {
      out.push({ kind: 'bad', input: arg, failure: fail('empty', `${arg}: the file is empty`) });
      continue;
    }
    const url = pathToFileURL(resolve(arg)).href;
    if (isHtmlPath(arg) || looksLikeHtml(body)) {
      opts.onFile?.(arg, 'an HTML page');
      out.push({ kind: 'html', input: arg, url, body });
      continue;
    }
    // a list of URLs when most of its lines are URLs; otherwise the file is an article in plain text
    const lines = listLines(body);
    const bad = lines.filter((l) => !looksLikeUrl(l.line));
    const urls = lines.length - bad.length;
    if (urls === 0 || urls * 2 < lines.length) {
      opts.onFile?.(arg, `a plain-text article (${plural(body.split(/\s+/).filter(Boolean).length, 'word')})`);
      out.push({ kind: 'text', input: arg, url, body });
      continue;
    }
    opts.onFile?.(arg, `a list of ${plural(urls, 'URL')}${bad.length ? ` (${plural(bad.length, 'line')} not URLs)` : ''}`);
    for (const { line, no } of lines) {
      if (looksLikeUrl(line)) out.push({ kind: 'url', input: stripCredentials(line) });
      else out.push({ kind: 'bad', input: `${arg}:${no}`, failure: fail('invalid-url', `${arg}:${no}: not a URL: ${JSON.stringify(stripCredentials(line).slice(0, 200))}`) });
    }
  }
  return out;
}
