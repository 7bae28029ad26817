// What `newsdesk ingest` is given: URLs, HTML files, and files that list URLs (one a line, # comments).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, type FailureResult } from './failure.js';

export type IngestItem =
  | { kind: 'url'; input: string }
  | { kind: 'html'; input: string; url: string; body: string }
  | { kind: 'bad'; input: string; failure: FailureResult };

const looksLikeHtml = (s: string) => /^\s*(<!doctype html|<html|<head|<body|<article|<meta|<!--)/i.test(s) || /<\/(p|div|body|html)>/i.test(s.slice(0, 20_000));
/** Anything with a scheme separator is meant as a URL; the fetcher's guard says whether it is a valid one. */
const looksLikeUrl = (s: string) => /^[^\s/]+:\/\//.test(s);

/** Expands arguments into items; an unreadable file or a bad line is an item with its failure, not an exception. */
export async function expandInputs(args: string[]): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for (const arg of args) {
    if (looksLikeUrl(arg)) {
      out.push({ kind: 'url', input: arg });
      continue;
    }
    let body: string;
    try {
      body = await readFile(arg, 'utf8');
    } catch (err) {
      out.push({ kind: 'bad', input: arg, failure: fail('unreadable-file', `${arg}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`) });
      continue;
    }
    if (looksLikeHtml(body)) {
      out.push({ kind: 'html', input: arg, url: pathToFileURL(resolve(arg)).href, body });
      continue;
    }
    body.split(/\r?\n/).forEach((line, i) => {
      const t = line.trim();
      if (!t || t.startsWith('#')) return;
      if (looksLikeUrl(t)) out.push({ kind: 'url', input: t });
      else out.push({ kind: 'bad', input: `${arg}:${i + 1}`, failure: fail('invalid-url', `${arg}:${i + 1}: not a URL: ${JSON.stringify(t.slice(0, 200))}`) });
    });
  }
  return out;
}
