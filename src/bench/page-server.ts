// The queue benchmark's web site, in a process of its own so its CPU and memory are not the measured
// processes'. Listens on 127.0.0.1 only, on several ports: each port is a host to the politeness gate (one
// request in flight per host), so fetching is not one request at a time. GET /p/<i> → news page i mod N;
// /robots.txt allows everything. Started by queue.ts with fork(); sends { ports } once listening, and
// exits when its parent goes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadNewsPages, servedPage } from './news-pages.js';

const count = Math.max(1, Number(process.argv[2] ?? 8));
const pages = loadNewsPages();
if (!pages?.length) {
  process.send?.({ error: 'news pages not found' });
  process.exit(1);
}

function listen(): Promise<number> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const port = (server.address() as AddressInfo).port;
    const m = /^\/p\/(\d+)$/.exec(path);
    if (m) {
      const i = Number(m[1]);
      const body = Buffer.from(servedPage(pages?.[i % (pages?.length ?? 1)] ?? '', `http://127.0.0.1:${port}/p/${i}`, i), 'utf8');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
    } else if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const ports = await Promise.all(Array.from({ length: count }, listen));
process.send?.({ ports });
process.on('disconnect', () => process.exit(0));
