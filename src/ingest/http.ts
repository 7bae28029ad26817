// One HTTP GET with limits (time, bytes), no redirects followed: the fetcher decides about each hop.
import { Agent, request } from 'undici';
import { fail, type FailureResult } from './failure.js';

export interface HttpLimits {
  /** @defaultValue 5_000_000 bytes */
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
  body: Buffer;
}

export const DEFAULT_USER_AGENT = 'newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)';

const agent = new Agent({ keepAliveTimeout: 4_000, connections: 8 });

const header = (h: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export async function httpGet(url: URL, limits: HttpLimits, userAgent: string): Promise<HttpResponse | FailureResult> {
  const signal = AbortSignal.timeout(limits.totalTimeoutMs);
  try {
    const res = await request(url, {
      method: 'GET',
      dispatcher: agent,
      headers: { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1' },
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.totalTimeoutMs,
      signal,
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const declared = Number(header(res.headers, 'content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      res.body.destroy();
      return fail('too-large', `${url.href}: Content-Length ${declared} bytes is over the ${limits.maxBytes}-byte limit`, false, res.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) {
        res.body.destroy();
        return fail('too-large', `${url.href}: body is over the ${limits.maxBytes}-byte limit`, false, res.statusCode);
      }
      chunks.push(chunk as Buffer);
    }
    return { ok: true, status: res.statusCode, headers, body: Buffer.concat(chunks) };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || /TIMEOUT/.test(e.code ?? '')) {
      return fail('timeout', `${url.href}: no complete answer within the time limit (${e.code ?? e.name})`, true);
    }
    return fail('network', `${url.href}: ${e.code ? `${e.code} ` : ''}${e.message}`, true);
  }
}
