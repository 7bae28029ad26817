// What comes back: compressed bodies (and bombs), two-byte charsets, bodies that never end, and the
// messages and retry hints of the failures. Against a real server on 127.0.0.1.
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/ingest/decode.js';
import { createFetcher, type FetchResult } from '../../src/ingest/fetcher.js';
import type { Clock } from '../../src/ingest/politeness.js';
import { type Route, page, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const ARTICLE = page('A quiet harbour', ['The harbour was quiet on Sunday, the port authority said.']);
const UTF16_ARTICLE = page('Grüße', ['Die Stadt Zürich, sagte sie, bleibt ruhig.']);
const TEN_MB_OF_ZEROS = gzipSync(Buffer.alloc(10_000_000));
// a gzip stream may hold many members: a hundred of them unpack to 1 GB
const ONE_GB_OF_ZEROS = Buffer.concat(Array.from({ length: 100 }, () => TEN_MB_OF_ZEROS));

/** Sockets the server saw closed, by path: a failed fetch must not keep its connection. */
const closed = new Set<string>();

const encoded =
  (encoding: string, body: Buffer): Route =>
  (req, res) => {
    req.socket.once('close', () => closed.add(req.url ?? ''));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': encoding }).end(body);
  };

beforeAll(async () => {
  const text = Buffer.from(ARTICLE);
  server = await startServer({
    '/gzip': encoded('gzip', gzipSync(text)),
    '/x-gzip': encoded('x-gzip', gzipSync(text)),
    '/deflate': encoded('deflate', deflateSync(text)),
    '/deflate-raw': encoded('deflate', deflateRawSync(text)),
    '/br': encoded('br', brotliCompressSync(text)),
    '/gzip-then-br': encoded('gzip, br', brotliCompressSync(gzipSync(text))),
    '/identity': encoded('identity', text),
    '/zstd': encoded('zstd', text),
    '/corrupt-gzip': encoded('gzip', Buffer.from('this is not gzip at all, but it says it is')),
    '/bomb': encoded('gzip', TEN_MB_OF_ZEROS),
    '/big-bomb': encoded('gzip', ONE_GB_OF_ZEROS),
    '/utf16le': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(UTF16_ARTICLE, 'utf-16le')]));
    },
    '/utf16be': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(UTF16_ARTICLE, 'utf-16be')]));
    },
    '/utf16le-mislabelled': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(UTF16_ARTICLE, 'utf-16le')]));
    },
    '/utf16-binary': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.alloc(200, 0)]));
    },
    '/trickle': (req, res) => {
      req.socket.once('close', () => closed.add('/trickle'));
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('a'), 100);
      res.once('close', () => clearInterval(timer));
    },
    '/no-headers': (req, res) => {
      req.socket.once('close', () => closed.add('/no-headers'));
      const timer = setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE), 3_000);
      res.once('close', () => clearTimeout(timer));
    },
    '/huge': (req, res) => {
      req.socket.once('close', () => closed.add('/huge'));
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const push = () => {
        while (!res.destroyed) if (!res.write(chunk)) return res.once('drain', push);
      };
      push();
    },
    '/image': (req, res) => {
      req.socket.once('close', () => closed.add('/image'));
      res.writeHead(200, { 'content-type': 'image/png' });
      const timer = setInterval(() => res.write(Buffer.alloc(1024)), 50);
      res.once('close', () => clearInterval(timer));
    },
    '/429': (_req, res) => {
      res.writeHead(429, { 'retry-after': '30' }).end('slow down');
    },
    '/503-date': (_req, res) => {
      res.writeHead(503, { 'retry-after': 'Thu, 01 Jan 2026 00:02:00 GMT' }).end('down');
    },
    '/503-garbage': (_req, res) => {
      res.writeHead(503, { 'retry-after': 'soon' }).end('down');
    },
  });
});
afterAll(() => server.close());

const fetcher = (opts = {}) => createFetcher({ allowPrivateHosts: true, respectRobots: false, minDelayMs: 0, totalTimeoutMs: 5_000, headersTimeoutMs: 2_000, ...opts });
const failure = (r: FetchResult) => (r.ok ? { ok: true } : { reason: r.reason, retryable: r.retryable });
const waitFor = async (cond: () => boolean, ms = 2_000) => {
  for (const start = Date.now(); !cond() && Date.now() - start < ms; ) await new Promise((r) => setTimeout(r, 10));
  return cond();
};

describe('content encodings', () => {
  it('asks for gzip, deflate and br', async () => {
    await fetcher().fetch(`${server.url}/identity`);
    expect(server.requests.at(-1)?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each(['/gzip', '/x-gzip', '/deflate', '/deflate-raw', '/br', '/gzip-then-br', '/identity'])('decodes %s', async (path) => {
    const r = await fetcher().fetch(`${server.url}${path}`);
    expect(r.ok && r.body).toBe(ARTICLE);
  });

  it('refuses an unknown encoding and a corrupt body, naming them', async () => {
    const zstd = await fetcher().fetch(`${server.url}/zstd`);
    expect(failure(zstd)).toEqual({ reason: 'unsupported-encoding', retryable: false });
    expect(!zstd.ok && zstd.detail).toContain('content encoding "zstd" is not supported');
    const corrupt = await fetcher().fetch(`${server.url}/corrupt-gzip`);
    expect(failure(corrupt)).toEqual({ reason: 'corrupt-body', retryable: false });
  });

  it('counts the byte limit after decompression: a bomb stops at the limit, quickly', async () => {
    for (const path of ['/bomb', '/big-bomb']) {
      const start = Date.now();
      const r = await fetcher({ maxBytes: 1_000_000 }).fetch(`${server.url}${path}`);
      expect(failure(r), path).toEqual({ reason: 'too-large', retryable: false });
      expect(!r.ok && r.detail).toContain('over the 1000000-byte limit once decompressed');
      expect(Date.now() - start, path).toBeLessThan(1_500); // unpacking 1 GB would take far longer
    }
    expect(await waitFor(() => closed.has('/big-bomb'))).toBe(true);
  });
});

describe('charsets', () => {
  it('decodes UTF-16 with a BOM (little and big endian) before any binary test', async () => {
    for (const path of ['/utf16le', '/utf16be', '/utf16le-mislabelled']) {
      const r = await fetcher().fetch(`${server.url}${path}`);
      expect(r.ok && r.body, path).toBe(UTF16_ARTICLE);
      expect(r.ok && r.charset, path).toMatch(/^utf-16/);
    }
  });

  it('reads the charset of an XML declaration (a feed in Latin-1 says so only there)', () => {
    const feed = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>'), Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68]), Buffer.from('</title></channel></rss>')]);
    expect(decodeBody(feed, 'application/rss+xml')).toMatchObject({ charset: 'iso-8859-1', text: expect.stringContaining('<title>Zürich</title>') });
    expect(decodeBody(feed, 'application/rss+xml; charset=utf-8').charset).toBe('utf-8'); // the header wins
  });

  it('still refuses binary data behind a UTF-16 BOM', async () => {
    expect(failure(await fetcher().fetch(`${server.url}/utf16-binary`))).toEqual({ reason: 'binary-content', retryable: false });
  });
});

describe('time limits and released connections', () => {
  it('cuts a body that trickles forever at the total time limit, and closes its connection', async () => {
    const start = Date.now();
    const r = await fetcher({ totalTimeoutMs: 1_000 }).fetch(`${server.url}/trickle`);
    expect(failure(r)).toEqual({ reason: 'timeout', retryable: true });
    expect(Date.now() - start).toBeLessThan(2_000);
    expect(!r.ok && r.detail).toBe(`${server.url}/trickle: the whole response took longer than 1000 ms`);
    expect(await waitFor(() => closed.has('/trickle'))).toBe(true);
  });

  it('names the headers limit when no headers come', async () => {
    const r = await fetcher({ headersTimeoutMs: 300 }).fetch(`${server.url}/no-headers`);
    expect(failure(r)).toEqual({ reason: 'timeout', retryable: true });
    expect(!r.ok && r.detail).toBe(`${server.url}/no-headers: no response headers within 300 ms`);
    expect(await waitFor(() => closed.has('/no-headers'))).toBe(true);
  });

  it('closes the connection of a body over the limit, and of a content type it will not read', async () => {
    expect(failure(await fetcher({ maxBytes: 100_000 }).fetch(`${server.url}/huge`))).toEqual({ reason: 'too-large', retryable: false });
    expect(failure(await fetcher().fetch(`${server.url}/image`))).toEqual({ reason: 'unsupported-content-type', retryable: false });
    expect(await waitFor(() => closed.has('/huge') && closed.has('/image'))).toBe(true);
  });
});

describe('Retry-After', () => {
  const at = (iso: string): Clock => ({ now: () => Date.parse(iso), sleep: async () => {} });

  it('keeps the header in the detail and gives it in seconds', async () => {
    const r429 = await fetcher().fetch(`${server.url}/429`);
    expect(r429).toMatchObject({ ok: false, reason: 'http-status', retryable: true, status: 429, retryAfterSec: 30 });
    expect(!r429.ok && r429.detail).toMatch(/HTTP 429 \(retry after 30\)/);
    const r503 = await fetcher({ clock: at('2026-01-01T00:00:00Z') }).fetch(`${server.url}/503-date`);
    expect(r503).toMatchObject({ reason: 'http-status', status: 503, retryAfterSec: 120 });
    const garbage = await fetcher().fetch(`${server.url}/503-garbage`);
    expect(garbage.ok || 'retryAfterSec' in garbage).toBe(false);
    expect(!garbage.ok && garbage.detail).toContain('retry after soon');
  });
});
