// The API under test as clients meet it: served by serveApi on 127.0.0.1:0 over real HTTP, with the
// project's fixtures served by a second local server for it to fetch.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppDeps, serveApi, type ApiServer } from '../../src/api/server.js';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { createFetcher } from '../../src/ingest/fetcher.js';
import { inProcessExtractor } from '../../src/ingest/extractor.js';
import { storePage } from '../../src/ingest/process.js';
import type { Store } from '../../src/store/index.js';
import { type Route, startServer, type TestServer } from '../helpers/server.js';

export const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.html'))
  .sort();

/** The fixtures at /articles/NAME, and a 404 elsewhere. */
export function fixtureServer(extra: Record<string, Route> = {}): Promise<TestServer> {
  const routes: Record<string, Route> = { ...extra };
  for (const f of FIXTURES) {
    routes[`/articles/${f}`] = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES_DIR, f)));
    };
  }
  return startServer(routes);
}

/** The API on a free loopback port; loopback fetching allowed (the fixtures are local), no politeness delay. */
export function startApi(deps: AppDeps, host = '127.0.0.1'): Promise<ApiServer> {
  return serveApi({ fetcher: createFetcher({ allowPrivateHosts: true, minDelayMs: 0, totalTimeoutMs: 5_000, headersTimeoutMs: 5_000 }), extractor: inProcessExtractor(), ...deps }, { host, port: 0 });
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A request and its answer, the body parsed when it is JSON. */
export async function call<T = Record<string, unknown>>(api: { url: string }, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Answer<T>> {
  const { json, ...rest } = init;
  const res = await fetch(`${api.url}${path}`, {
    ...rest,
    ...(json !== undefined ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...(rest.headers as Record<string, string> | undefined) } } : {}),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  return { status: res.status, headers: res.headers, text, body: (isJson ? JSON.parse(text) : undefined) as T };
}

/** A fixture stored as `newsdesk ingest FILE` would, under the URL its gold file gives it; its record id. */
export async function ingestFixture(store: Store, name: string): Promise<string> {
  const gold = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.gold.json`), 'utf8')) as { url: string };
  const file = join(FIXTURES_DIR, `${name}.html`);
  const r = await storePage(store, file, { body: readFileSync(file, 'utf8'), url: gold.url, contentType: 'text/html' }, inProcessExtractor());
  if (!r.ok) throw new Error(`${name}: ${r.reason}: ${r.detail}`);
  return r.id;
}
