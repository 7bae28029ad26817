// The workers' logger: JSON lines or pretty text to the stream it is given, and no secrets in either.
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LoggerOptions, silentLogger } from '../src/log.js';

/** A logger writing into memory, and what it has written so far (after the pretty pipeline has run). */
function capture(opts: Omit<LoggerOptions, 'destination'> = {}, tty = false) {
  const stream = new PassThrough();
  if (tty) Object.assign(stream, { isTTY: true });
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const log = createLogger({ ...opts, destination: stream });
  return {
    log,
    async text() {
      await tick();
      return text;
    },
    async lines(): Promise<Record<string, unknown>[]> {
      await tick();
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l));
    },
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createLogger', () => {
  it('writes one JSON line per call with level, message, name and fields', async () => {
    const c = capture({ name: 'worker' });
    c.log.info({ queue: 'fetch', attempts: 2 }, 'job started');
    c.log.error('job failed');
    const [first, second, ...rest] = await c.lines();
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ level: 30, msg: 'job started', name: 'worker', queue: 'fetch', attempts: 2 });
    expect(typeof first?.time).toBe('number');
    expect(second).toMatchObject({ level: 50, msg: 'job failed' });
  });

  it('pretty output is text for a person, not JSON, and carries the message and fields', async () => {
    const c = capture({ pretty: true });
    c.log.warn({ queue: 'extract' }, 'queue is slow');
    const text = await c.text();
    expect(text).toContain('queue is slow');
    expect(text).toContain('WARN');
    expect(text).toContain('extract');
    expect(() => JSON.parse(text.split('\n')[0] ?? '')).toThrow();
    expect(text).not.toContain('\u001b['); // not a terminal: no colour codes
  });

  it('is pretty and coloured by default on a terminal, JSON elsewhere', async () => {
    const term = capture({}, true);
    term.log.info('to a person');
    const text = await term.text();
    expect(text).toContain('to a person');
    expect(text).toContain('\u001b[');
    const pipe = capture();
    pipe.log.info('to a machine');
    expect(await pipe.lines()).toMatchObject([{ msg: 'to a machine' }]);
  });

  it('writes synchronously to a file descriptor', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'newsdesk-log-')), 'out.log');
    const fd = openSync(file, 'w');
    try {
      createLogger({ destination: fd }).info({ n: 1 }, 'on disk');
      // no await: the line is there as soon as the call returns
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ msg: 'on disk', n: 1 });
    } finally {
      closeSync(fd);
    }
  });

  it('cuts user:pass@ out of url, input and detail fields, at any depth, in bindings, messages and errors', async () => {
    const c = capture();
    const fields = {
      url: 'https://reader:hunter2@news.example/story',
      input: 'line 3: http://bob:s3cret@feeds.example/rss',
      detail: 'redirected to ftp://x:pa55@mirror.example/ and gave up',
      job: { url: new URL('https://reader:hunter2@news.example/nested'), tries: [{ detail: 'https://u:deep@a.example/' }] },
    };
    const child = c.log.child({ url: 'redis://default:redispw@cache.example:6379' });
    child.info(fields, 'fetching https://reader:hunter2@news.example/story');
    child.error({ err: new Error('GET https://reader:hunter2@news.example/story: 500') }, 'fetch failed');
    const [first, second] = await c.lines();
    const all = JSON.stringify([first, second]);
    for (const secret of ['hunter2', 's3cret', 'pa55', 'deep', 'redispw']) expect(all).not.toContain(secret);
    expect(first).toMatchObject({
      url: 'https://news.example/story',
      input: 'line 3: http://feeds.example/rss',
      detail: 'redirected to ftp://mirror.example/ and gave up',
      job: { url: 'https://news.example/nested', tries: [{ detail: 'https://a.example/' }] },
      msg: 'fetching https://news.example/story',
    });
    expect(second).toMatchObject({ url: 'redis://cache.example:6379', err: { message: 'GET https://news.example/story: 500' } });
    // the caller's objects are not rewritten
    expect(fields.url).toBe('https://reader:hunter2@news.example/story');
    expect(fields.job.tries[0]?.detail).toBe('https://u:deep@a.example/');
  });

  it('redacts passwords, authorization and cookie headers', async () => {
    const c = capture();
    c.log.info({
      password: 'top',
      redis: { host: 'cache', password: 'nested' },
      headers: { authorization: 'Bearer tok1', cookie: 'sid=c1', accept: 'text/html' },
      req: { headers: { authorization: 'Basic tok2', cookie: 'sid=c2' } },
      upstream: { authorization: 'Bearer tok3' },
    });
    const [line] = await c.lines();
    const text = JSON.stringify(line);
    for (const secret of ['top', 'nested', 'tok1', 'tok2', 'tok3', 'c1', 'c2']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      password: '[redacted]',
      redis: { host: 'cache', password: '[redacted]' },
      headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' },
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } },
    });
  });

  it('takes its level from LOG_LEVEL unless given one', async () => {
    vi.stubEnv('LOG_LEVEL', 'warn');
    const c = capture();
    c.log.info('dropped');
    c.log.warn('kept');
    expect((await c.lines()).map((l) => l.msg)).toEqual(['kept']);
    const d = capture({ level: 'debug' });
    d.log.debug('wanted');
    expect((await d.lines()).map((l) => l.msg)).toEqual(['wanted']);
    vi.stubEnv('LOG_LEVEL', '');
    expect(capture().log.level).toBe('info');
  });
});

describe('silentLogger', () => {
  it('logs nothing at any level and still makes children', () => {
    const log = silentLogger();
    expect(log.isLevelEnabled('fatal')).toBe(false);
    expect(log.child({ queue: 'x' }).isLevelEnabled('fatal')).toBe(false);
  });
});
