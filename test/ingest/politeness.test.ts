// One request at a time per host, with a minimum delay; other hosts go on meanwhile.
import { describe, expect, it } from 'vitest';
import { type Clock, createFetcher, HostGate } from '../../src/ingest/index.js';
import type { Gate } from '../../src/ingest/politeness.js';
import { type Route, robots, startServer } from '../helpers/server.js';

/** A clock that only moves when someone sleeps: deterministic timings. */
function fakeClock(): Clock & { log: string[] } {
  let now = 0;
  const log: string[] = [];
  return {
    log,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

describe('HostGate', () => {
  it('runs one task per host at a time and keeps the minimum delay between them', async () => {
    const clock = fakeClock();
    const gate = new HostGate(1000, clock);
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const task = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      starts.push(clock.now());
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    await Promise.all([gate.run('a.example', task), gate.run('a.example', task), gate.run('a.example', task)]);
    expect(maxRunning).toBe(1);
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it('does not hold one host back for another', async () => {
    const clock = fakeClock();
    const gate = new HostGate(1000, clock);
    const order: string[] = [];
    await Promise.all([
      gate.run('a.example', async () => {
        order.push(`a@${clock.now()}`);
      }),
      gate.run('b.example', async () => {
        order.push(`b@${clock.now()}`);
      }),
    ]);
    expect(order.sort()).toEqual(['a@0', 'b@0']);
  });

  it('a failing task does not block the next one', async () => {
    const gate = new HostGate(0, fakeClock());
    await expect(gate.run('a.example', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('a.example', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('the fetcher and its gate', () => {
  it('takes every request on the wire through the gate it is given, robots.txt included, and reads feeds', async () => {
    const feed =
      (type: string, body: string): Route =>
      (_req, res) => {
        res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
      };
    const server = await startServer({
      '/robots.txt': robots('User-agent: *', 'Allow: /'),
      '/rss': feed('application/rss+xml', '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'),
      '/atom': feed('application/atom+xml', '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title></feed>'),
      '/rdf': feed('application/rdf+xml', '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'),
    });
    const inner = new HostGate(0);
    const turns: string[] = [];
    const gate: Gate = {
      run: (host, fn) => {
        turns.push(host);
        return inner.run(host, fn);
      },
    };
    const fetcher = createFetcher({ allowPrivateHosts: true, gate });
    try {
      for (const path of ['/rss', '/atom', '/rdf']) {
        const r = await fetcher.fetch(`${server.url}${path}`);
        expect(r.ok && r.body, path).toMatch(/^<\?xml version="1.0"\?>/);
      }
      expect(server.log).toEqual(['GET /robots.txt', 'GET /rss', 'GET /atom', 'GET /rdf']);
      expect(turns).toEqual(Array(4).fill(new URL(server.url).host));
    } finally {
      await fetcher.close?.();
      await server.close();
    }
  });
});
