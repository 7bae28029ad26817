// The fetcher against a real HTTP server on 127.0.0.1, with the faults of the web.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type FetchResult } from '../../src/ingest/index.js';
import { html, page, robots, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const ARTICLE = page('A quiet harbour', ['The harbour was quiet on Sunday, the port authority said.']);

beforeAll(async () => {
  server = await startServer({
    '/robots.txt': robots('User-agent: *', 'Disallow: /private/'),
    '/ok': html(ARTICLE),
    '/plain': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Just text, said nobody.');
    },
    '/private/secret': html(ARTICLE),
    '/slow': (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(ARTICLE), 2_000);
    },
    '/500': (_req, res) => {
      res.writeHead(500).end('oops');
    },
    '/429': (_req, res) => {
      res.writeHead(429, { 'retry-after': '30' }).end('slow down');
    },
    '/404': (_req, res) => {
      res.writeHead(404).end('gone');
    },
    '/redirect': (_req, res) => {
      res.writeHead(301, { location: '/hop1' }).end();
    },
    '/hop1': (_req, res) => {
      res.writeHead(302, { location: `${server.url}/ok` }).end();
    },
    '/loop': (_req, res) => {
      res.writeHead(302, { location: '/loop' }).end();
    },
    '/to-private': (_req, res) => {
      res.writeHead(302, { location: '/private/secret' }).end();
    },
    '/to-ftp': (_req, res) => {
      res.writeHead(302, { location: 'ftp://127.0.0.1/file' }).end();
    },
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const push = () => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', push);
        }
        res.end();
      };
      push();
    },
    '/huge-declared': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) }).end();
    },
    '/binary': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0]));
    },
    '/image': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    },
    '/empty': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end();
    },
    '/cp1251': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' }).end(iconv.encode(page('Новости', ['Москва заявила, что переговоры продолжатся.']), 'windows-1251'));
    },
    '/meta-latin1': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(iconv.encode('<html><head><meta charset="iso-8859-1"><title>Café</title></head><body><p>Le café était fermé à Montréal.</p></body></html>', 'latin1'));
    },
    '/bogus-charset': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=x-no-such-charset' }).end(Buffer.from(page('Plain', ['Grüße aus Zürich, sagte sie.']), 'utf8'));
    },
  });
});
afterAll(() => server.close());

const fetcher = (opts = {}) => createFetcher({ allowPrivateHosts: true, minDelayMs: 0, totalTimeoutMs: 5_000, headersTimeoutMs: 1_000, ...opts });
const failure = (r: FetchResult) => (r.ok ? { ok: true } : { reason: r.reason, retryable: r.retryable });

describe('fetcher', () => {
  it('fetches an HTML page and decodes it', async () => {
    const r = await fetcher().fetch(`${server.url}/ok`);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.body).toContain('The harbour was quiet');
      expect(r.charset).toBe('utf-8');
      expect(r.finalUrl).toBe(`${server.url}/ok`);
    }
  });

  it('accepts plain text pages', async () => {
    const r = await fetcher().fetch(`${server.url}/plain`);
    expect(r.ok && r.contentType).toMatch(/^text\/plain/);
  });

  it('follows redirects, checking each hop, to the final URL', async () => {
    const r = await fetcher().fetch(`${server.url}/redirect`);
    expect(r.ok && r.finalUrl).toBe(`${server.url}/ok`);
  });

  it('stops after 5 redirects', async () => {
    const r = await fetcher().fetch(`${server.url}/loop`);
    expect(failure(r)).toEqual({ reason: 'too-many-redirects', retryable: false });
  });

  it('refuses a redirect to another scheme', async () => {
    expect(failure(await fetcher().fetch(`${server.url}/to-ftp`))).toEqual({ reason: 'unsupported-scheme', retryable: false });
  });

  it('honors robots.txt, also for a redirect target', async () => {
    expect(failure(await fetcher().fetch(`${server.url}/private/secret`))).toEqual({ reason: 'robots-disallowed', retryable: false });
    expect(failure(await fetcher().fetch(`${server.url}/to-private`))).toEqual({ reason: 'robots-disallowed', retryable: false });
    const ignoring = await fetcher({ respectRobots: false }).fetch(`${server.url}/private/secret`);
    expect(ignoring.ok).toBe(true);
  });

  it('times out a slow server, retryably', async () => {
    const r = await fetcher({ totalTimeoutMs: 500, headersTimeoutMs: 500 }).fetch(`${server.url}/slow`);
    expect(failure(r)).toEqual({ reason: 'timeout', retryable: true });
  });

  it('reports HTTP errors with the retry decision: 500 and 429 retry, 404 does not', async () => {
    const f = fetcher();
    const r500 = await f.fetch(`${server.url}/500`);
    expect(failure(r500)).toEqual({ reason: 'http-status', retryable: true });
    const r429 = await f.fetch(`${server.url}/429`);
    expect(failure(r429)).toEqual({ reason: 'http-status', retryable: true });
    expect(!r429.ok && r429.detail).toMatch(/429.*retry after 30/);
    expect(failure(await f.fetch(`${server.url}/404`))).toEqual({ reason: 'http-status', retryable: false });
  });

  it('stops reading past the byte limit, whether declared or streamed', async () => {
    expect(failure(await fetcher({ maxBytes: 1_000_000 }).fetch(`${server.url}/huge`))).toEqual({ reason: 'too-large', retryable: false });
    expect(failure(await fetcher().fetch(`${server.url}/huge-declared`))).toEqual({ reason: 'too-large', retryable: false });
  });

  it('refuses binary bodies and non-page content types', async () => {
    expect(failure(await fetcher().fetch(`${server.url}/binary`))).toEqual({ reason: 'binary-content', retryable: false });
    expect(failure(await fetcher().fetch(`${server.url}/image`))).toEqual({ reason: 'unsupported-content-type', retryable: false });
    expect(failure(await fetcher().fetch(`${server.url}/empty`))).toEqual({ reason: 'empty', retryable: false });
  });

  it('decodes the charset of the header, of a meta tag, and falls back to UTF-8 on an unknown one', async () => {
    const ru = await fetcher().fetch(`${server.url}/cp1251`);
    expect(ru.ok && ru.body).toContain('Москва заявила');
    const fr = await fetcher().fetch(`${server.url}/meta-latin1`);
    expect(fr.ok && fr.body).toContain('Le café était fermé à Montréal.');
    const bogus = await fetcher().fetch(`${server.url}/bogus-charset`);
    expect(bogus.ok && bogus.body).toContain('Grüße aus Zürich');
    expect(bogus.ok && bogus.note).toMatch(/unknown charset/);
  });

  it('refuses loopback, private and link-local addresses unless allowed', async () => {
    const strict = createFetcher({ minDelayMs: 0 });
    for (const url of [`${server.url}/ok`, 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://192.168.0.1/']) {
      expect(failure(await strict.fetch(url)), url).toEqual({ reason: 'refused-address', retryable: false });
    }
    const viaName = createFetcher({ minDelayMs: 0, resolve: async () => ['127.0.0.1'] });
    expect(failure(await viaName.fetch('http://innocent.example/'))).toEqual({ reason: 'refused-address', retryable: false });
    expect(server.log.filter((l) => l.startsWith('GET /ok')).length).toBeGreaterThan(0);
  });

  it('refuses invalid URLs and other schemes without a request', async () => {
    const n = server.log.length;
    expect(failure(await fetcher().fetch('not a url'))).toEqual({ reason: 'invalid-url', retryable: false });
    expect(failure(await fetcher().fetch('file:///etc/passwd'))).toEqual({ reason: 'unsupported-scheme', retryable: false });
    expect(server.log.length).toBe(n);
  });

  it('says what robots.txt refused in a detail that reads on its own (the path, not the input URL)', async () => {
    const r = await fetcher().fetch(`${server.url}/private/secret?id=7`);
    expect(!r.ok && r.detail).toBe(`/private/secret?id=7 is disallowed by ${server.url}/robots.txt`);
  });

  it('keeps the politeness delay for requests on the wire only: a cached robots.txt costs none', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    const f = fetcher({ minDelayMs: 1000, clock });
    const before = server.log.length;
    expect((await f.fetch(`${server.url}/ok`)).ok).toBe(true);
    expect((await f.fetch(`${server.url}/plain`)).ok).toBe(true);
    expect(failure(await f.fetch(`${server.url}/private/secret`))).toEqual({ reason: 'robots-disallowed', retryable: false });
    expect(server.log.slice(before)).toEqual(['GET /robots.txt', 'GET /ok', 'GET /plain']);
    expect(sleeps).toEqual([1000, 1000]); // three requests, two pauses between them
  });

  it('reads robots.txt once per host', async () => {
    const f = fetcher();
    const before = server.log.filter((l) => l === 'GET /robots.txt').length;
    await f.fetch(`${server.url}/ok`);
    await f.fetch(`${server.url}/plain`);
    expect(server.log.filter((l) => l === 'GET /robots.txt').length).toBe(before + 1);
  });
});
