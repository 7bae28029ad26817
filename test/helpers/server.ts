// A real HTTP server on 127.0.0.1 for fetch tests, with the faults the web has: slow answers, 500, 429,
// redirects (and loops), huge and binary bodies, odd charsets, robots.txt rules.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  url: string;
  /** Requests seen, in order, as "METHOD /path". */
  log: string[];
  /** The same requests with their headers. */
  requests: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Route>, fallback?: Route): Promise<TestServer> {
  const log: string[] = [];
  const requests: TestServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    log.push(`${req.method} ${req.url}`);
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const route = routes[path] ?? fallback;
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(route(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const html = (body: string, headers: Record<string, string> = {}): Route => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
};

export const page = (title: string, paragraphs: string[]): string =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><footer>Footer text</footer></body></html>`;

/** A robots.txt route with these rules (one a line), e.g. `robots('User-agent: *', 'Disallow: /private/')`. */
export const robots =
  (...rules: string[]): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`${rules.join('\n')}\n`);
  };
