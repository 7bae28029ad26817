// One HTTP GET with limits (time, bytes), no redirects followed: the fetcher decides about each hop.
// Only a 2xx body is read, decompressed as it streams and counted after decompression, so a small
// compressed body cannot unpack into more than the byte limit; every other body is dropped at once.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, request } from 'undici';
import { stripCredentials } from '../url.js';
import { decoders, UnsupportedEncoding } from './encoding.js';
import { type FailureResult, fail } from './failure.js';

export interface HttpLimits {
  /** Largest body, after decompression. @defaultValue 5_000_000 bytes */
  maxBytes: number;
  /** Time to the response headers. @defaultValue 10_000 ms */
  headersTimeoutMs: number;
  /** Whole request, body included. @defaultValue 30_000 ms */
  totalTimeoutMs: number;
}

export interface HttpResponse {
  ok: true;
  status: number;
  headers: Record<string, string>;
  /** The decompressed body of a 2xx answer; empty for any other status. */
  body: Buffer;
}

export interface HttpGetOptions {
  limits: HttpLimits;
  userAgent: string;
  /** The checked agent (connect.ts): nothing connects anywhere else. */
  dispatcher: Dispatcher;
  /** Looks at a 2xx answer's headers before its body is read: a failure stops there. */
  accept?: (status: number, headers: Record<string, string>) => FailureResult | undefined;
}

/** The time allowed to open a connection (the agent's connect timeout): within both other limits. */
export const connectTimeoutMs = (limits: HttpLimits): number => Math.min(limits.headersTimeoutMs, limits.totalTimeoutMs);

export const DEFAULT_USER_AGENT = 'newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)';

class TooLarge extends Error {}

/** Drops a body and its socket; undici reports the abort as an error event, which nobody needs. */
const discard = (body: Dispatcher.ResponseData['body']): void => {
  if (body.destroyed) return;
  body.on('error', () => {});
  body.destroy();
};

/** Why a request failed, as a failure value; never the raw undici text alone (it names no limit). */
function failure(url: URL, err: unknown, limits: HttpLimits, totalTimedOut: boolean): FailureResult {
  const e = err as Error & { code?: string };
  const at = `${url.href}: `;
  if (totalTimedOut) return fail('timeout', `${at}the whole response took longer than ${limits.totalTimeoutMs} ms`, true);
  switch (e.code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
      return fail('timeout', `${at}no response headers within ${limits.headersTimeoutMs} ms`, true);
    case 'UND_ERR_BODY_TIMEOUT':
      return fail('timeout', `${at}the body stalled for ${limits.totalTimeoutMs} ms`, true);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return fail('timeout', `${at}could not connect within ${connectTimeoutMs(limits)} ms`, true);
    case 'NEWSDESK_REFUSED_ADDRESS':
      return fail('refused-address', e.message);
    case 'NEWSDESK_DNS_FAILURE':
      return fail('dns-failure', e.message, true);
  }
  if (e instanceof UnsupportedEncoding) return fail('unsupported-encoding', `${at}${e.message}`);
  if (/^(Z_|ERR__ERROR)/.test(e.code ?? '')) return fail('corrupt-body', `${at}the compressed body cannot be decompressed: ${e.message}`);
  const message = e instanceof AggregateError ? e.errors.map((x: Error) => x.message).join('; ') : e.message;
  return fail('network', stripCredentials(`${at}${e.code && !message.includes(e.code) ? `${e.code} ` : ''}${message}`), true);
}

export async function httpGet(url: URL, opts: HttpGetOptions): Promise<HttpResponse | FailureResult> {
  const { limits } = opts;
  // our own timer rather than AbortSignal.timeout: its reason prints as "(23)", and we must know which limit tripped
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`the whole response took longer than ${limits.totalTimeoutMs} ms`)), limits.totalTimeoutMs);
  let res: Dispatcher.ResponseData | undefined;
  try {
    res = await request(url, {
      method: 'GET',
      dispatcher: opts.dispatcher,
      headers: {
        'user-agent': opts.userAgent,
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
      },
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.totalTimeoutMs,
      signal: abort.signal,
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    if (res.statusCode < 200 || res.statusCode >= 300) {
      discard(res.body); // a redirect's or an error's body is never needed
      return { ok: true, status: res.statusCode, headers, body: Buffer.alloc(0) };
    }
    const refused = opts.accept?.(res.statusCode, headers);
    if (refused) return refused;
    const declared = Number(headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      return fail('too-large', `${url.href}: Content-Length ${declared} bytes is over the ${limits.maxBytes}-byte limit`, false, res.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = new Writable({
      write(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limits.maxBytes) return done(new TooLarge());
        chunks.push(chunk);
        done();
      },
    });
    try {
      // pipeline destroys every stage, the socket's body first, when any stage fails or the limit trips
      await pipeline([res.body, ...decoders(headers['content-encoding']), collect]);
    } catch (err) {
      if (err instanceof TooLarge) return fail('too-large', `${url.href}: body is over the ${limits.maxBytes}-byte limit${headers['content-encoding'] ? ' once decompressed' : ''}`, false, res.statusCode);
      throw err;
    }
    return { ok: true, status: res.statusCode, headers, body: Buffer.concat(chunks) };
  } catch (err) {
    return failure(url, err, limits, abort.signal.aborted);
  } finally {
    clearTimeout(timer);
    // whatever happened above, no body is left holding a socket
    if (res) discard(res.body);
  }
}
