// Access over real HTTP: with keys configured, every route but /healthz needs a key whose sha256 is
// configured (401 otherwise), and a role that allows the route (403 otherwise); without keys the server
// will not bind anything but loopback. And NEWSDESK_API_KEYS as the settings read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/keys.js';
import { type ApiServer, isLoopback, ServeError, serveApi } from '../../src/api/server.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { backends } from '../helpers/services.js';
import { call, startApi } from './harness.js';

const READER = 'reader-key-8f3a';
const ANALYST = 'analyst-key-27c1';
const OPERATOR = 'operator-key-d904';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys by role', () => {
  let db: Awaited<ReturnType<(typeof backends)[0]['open']>>;
  let api: ApiServer;
  beforeAll(async () => {
    db = await (backends[0] as (typeof backends)[0]).open();
    const keys = loadConfig({}, { NEWSDESK_API_KEYS: `reader:${hashKey(READER)}, analyst:${hashKey(ANALYST)},operator:${hashKey(OPERATOR).toUpperCase()}` }).apiKeys;
    api = await startApi({ store: db.store, keys });
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('no key, or an unknown one: 401 with a Bearer challenge', async () => {
    const none = await call(api, '/status');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body).toEqual({ status: 401, error: 'unauthorized', message: 'an API key is needed: send Authorization: Bearer <key> or x-api-key: <key>' });
    const unknown = await call(api, '/status', { headers: bearer('guessed-key') });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ message: 'unknown API key' });
    // the hash itself is not a key
    expect((await call(api, '/status', { headers: bearer(hashKey(READER)) })).status).toBe(401);
    for (const path of ['/articles/x', '/export.ndjson', '/openapi.json', '/docs', '/metrics']) expect((await call(api, path)).status, path).toBe(401);
  });

  it('/healthz needs no key', async () => {
    const r = await call(api, '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, store: 'ok' });
  });

  it('a reader reads (Bearer or x-api-key) and may not POST /urls or follow feeds: 403 naming the role needed', async () => {
    expect((await call(api, '/status', { headers: bearer(READER) })).status).toBe(200);
    expect((await call(api, '/status', { headers: { 'x-api-key': READER } })).status).toBe(200);
    expect((await call(api, '/articles/nope', { headers: bearer(READER) })).status).toBe(404);
    const post = await call(api, '/urls', { method: 'POST', headers: bearer(READER), json: { url: 'ftp://example.com/x' } });
    expect(post.status).toBe(403);
    expect(post.body).toEqual({ status: 403, error: 'forbidden', message: "POST /urls needs the operator role or above; this key's role is reader" });
    expect((await call(api, '/feeds', { method: 'POST', headers: bearer(READER), json: { url: 'https://example.com/rss' } })).status).toBe(403);
    // refused before anything was done
    expect((await db.store.counts()).failures).toBe(0);
  });

  it('an analyst reads but is no operator', async () => {
    expect((await call(api, '/export.ndjson', { headers: bearer(ANALYST) })).status).toBe(200);
    const post = await call(api, '/urls', { method: 'POST', headers: bearer(ANALYST), json: { url: 'ftp://example.com/x' } });
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ message: "POST /urls needs the operator role or above; this key's role is analyst" });
  });

  it('an operator does everything (its hash given in capitals works too)', async () => {
    const post = await call<{ results: { outcome: string; reason: string }[] }>(api, '/urls', { method: 'POST', headers: bearer(OPERATOR), json: { url: 'ftp://example.com/x' } });
    expect(post.status).toBe(200);
    expect(post.body.results).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'unsupported-scheme' })]);
    expect((await call(api, '/status', { headers: bearer(OPERATOR) })).status).toBe(200);
  });

  it('with keys the server may listen beyond loopback', async () => {
    const wide = await serveApi({ store: db.store, keys: [{ role: 'reader', sha256: hashKey(READER) }] }, { host: '0.0.0.0', port: 0 });
    try {
      const r = await call({ url: `http://127.0.0.1:${wide.port}` }, '/healthz');
      expect(r.status).toBe(200);
    } finally {
      await wide.close();
    }
  });
});

describe('without keys: loopback only', () => {
  let db: Awaited<ReturnType<(typeof backends)[0]['open']>>;
  beforeAll(async () => {
    db = await (backends[0] as (typeof backends)[0]).open();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('serving on 0.0.0.0 (or any address not loopback) is refused, naming NEWSDESK_API_KEYS', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.com']) {
      const refused = serveApi({ store: db.store }, { host, port: 0 });
      await expect(refused).rejects.toBeInstanceOf(ServeError);
      await expect(refused).rejects.toThrow(`refusing to serve on ${host} without API keys`);
      await expect(refused).rejects.toThrow('NEWSDESK_API_KEYS');
    }
  });

  it('on loopback it is open', async () => {
    const api = await serveApi({ store: db.store }, { host: '127.0.0.1', port: 0 });
    try {
      expect((await call(api, '/status')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('what counts as loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '::2'].some(isLoopback)).toBe(false);
  });
});

describe('NEWSDESK_API_KEYS', () => {
  it('role:sha256hex entries, commas or spaces between; none by default', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(loadConfig({}, {}).apiKeys).toEqual([]);
    expect(loadConfig({}, { NEWSDESK_API_KEYS: `reader:${a} operator:${b},` }).apiKeys).toEqual([
      { role: 'reader', sha256: a },
      { role: 'operator', sha256: 'b'.repeat(64) },
    ]);
  });

  it('a bad entry is refused with the variable named, and which entry', () => {
    expect(() => loadConfig({}, { NEWSDESK_API_KEYS: `reader:${'a'.repeat(64)},boss:${'c'.repeat(64)}` })).toThrow(ConfigError);
    expect(() => loadConfig({}, { NEWSDESK_API_KEYS: `reader:${'a'.repeat(64)},boss:${'c'.repeat(64)}` })).toThrow(
      /^NEWSDESK_API_KEYS ".*": entry 2: expected role:sha256hex with a role of reader, analyst, operator and 64 hex digits$/,
    );
    expect(() => loadConfig({}, { NEWSDESK_API_KEYS: 'operator:abc123' })).toThrow(/entry 1: expected role:sha256hex/);
  });
});
