// Serving the app over HTTP on host:port. Without API keys the API is open, so it binds loopback only and
// says so; closing stops taking connections, lets requests in hand finish (up to a time limit), then ends.
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { silentLogger } from '../log.js';
import { createApp } from './app.js';
import type { ApiApp, AppDeps } from './deps.js';

export type { AppDeps } from './deps.js';

export interface ListenOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** 0: any free port. @defaultValue 8080 */
  port?: number;
  /** How long close() lets requests in hand finish before cutting them. @defaultValue 10_000 */
  closeTimeoutMs?: number;
}

export interface ApiServer {
  app: ApiApp;
  host: string;
  port: number;
  /** http://host:port, the address in brackets for IPv6. */
  url: string;
  close(): Promise<void>;
}

/** A server refused before it binds: the message says what to set. */
export class ServeError extends Error {
  override name = 'ServeError';
}

/** 127.0.0.0/8, ::1 (and its IPv4-mapped form) or the name localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^(0+:){7}0*1$/.test(h);
  return false;
}

export async function serveApi(deps: AppDeps, opts: ListenOptions = {}): Promise<ApiServer> {
  const host = opts.host ?? '127.0.0.1';
  const log = deps.logger ?? silentLogger();
  const open = !deps.keys?.length;
  if (open && !isLoopback(host)) {
    throw new ServeError(`refusing to serve on ${host} without API keys: anyone who can reach it could read and queue everything; set NEWSDESK_API_KEYS (role:sha256hex entries) or serve on 127.0.0.1`);
  }
  const app = createApp(deps);
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'HTTP server error'));
  const { port } = server.address() as AddressInfo;
  const url = `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  if (open) log.warn({ url }, 'no API keys (NEWSDESK_API_KEYS): the API is open, so it listens on loopback only');
  log.info({ url, docs: `${url}/docs` }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    app,
    host,
    port,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), opts.closeTimeoutMs ?? 10_000);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections(); // kept-alive connections with no request would hold close() open
      });
      return closing;
    },
  };
}
