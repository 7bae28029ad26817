// The command line against bad and hostile input: dates that are not dates, odd JSON lines, bad flags,
// files that are articles rather than URL lists, redirected pages, credentials in URLs, spreadsheet
// formulas in page text, the failures list, and the time limit of one document. Real processes, real files,
// a real HTTP server on 127.0.0.1.
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runAsync } from './helpers/cli.js';
import { html, page, startServer, type TestServer } from './helpers/server.js';

const TEXT = 'The mayor said on Tuesday that the bridge would reopen in June.\n\n"We are nearly done," she said.';

describe('newsdesk extract: what it is given is checked', () => {
  it('--published that is no calendar date is refused with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-dates-'));
    const file = join(dir, 'story.txt');
    writeFileSync(file, TEXT);
    for (const bad of ['2024-13-45', '2023-02-29', 'yesterday']) {
      const r = run(['extract', file, '--published', bad]);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain(`--published "${bad}" is not a date`);
      expect(r.stdout).toBe('');
    }
    expect(run(['extract', file, '--published', '2024-02-29']).status).toBe(0);
  });

  it('--jsonl answers every line: a byte-order mark keeps its id, a blank line and a bad date are errors of their own', () => {
    const lines = [
      `\uFEFF${JSON.stringify({ id: 'bom', text: TEXT })}`,
      '   ',
      JSON.stringify({ id: 'bad-date', text: TEXT, publishedAt: '9999-99-99' }),
      '',
      JSON.stringify({ id: 'secret', text: TEXT, url: 'https://reader:hunter2@news.example/story' }),
    ];
    const r = run(['extract', '--jsonl'], `${lines.join('\n')}\n`);
    expect(r.status).toBe(1);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['bom', 'line-2', 'bad-date', 'line-4', 'secret']);
    expect(out[0].text).toBe(TEXT);
    expect(out[1].error).toMatch(/^line 2: empty line/);
    expect(out[2].error).toMatch(/^line 3: invalid input: publishedAt: "9999-99-99" is not a date/);
    expect(out[4].url).toBe('https://news.example/story');
    expect(r.stdout).not.toContain('hunter2');
  });
});

describe('newsdesk: a bad setting names the flag or variable and what it expects', () => {
  it('flags and environment variables', () => {
    const r = run(['ingest', '--concurrency', 'many', 'https://news.example/']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('newsdesk: --concurrency "many": expected a number');
    const env = run(['ingest', 'https://news.example/'], undefined, { NEWSDESK_MIN_DELAY_MS: '-3' });
    expect(env.status).toBe(2);
    expect(env.stderr.trim()).toBe('newsdesk: NEWSDESK_MIN_DELAY_MS "-3": expected 0 or more milliseconds');
    expect(`${r.stderr}${env.stderr}`).not.toMatch(/ZodError|"code"|\[\s*\{/);
  });
});

describe('newsdesk ingest, show, failures, export against a local server', () => {
  let server: TestServer;
  let flaky = true;
  const seen: IncomingHttpHeaders[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-cli-inputs-'));
  const env = { NEWSDESK_DATA_DIR: dataDir, NEWSDESK_ALLOW_PRIVATE_HOSTS: '1', NEWSDESK_MIN_DELAY_MS: '0', DATABASE_URL: '' };
  const FORMULA_PAGE = page('=HYPERLINK("http://evil.example","Click")', [
    '"-5 percent is nothing to fear," the finance minister, Ana Lopes, said on Monday in Lisbon.',
    'Lopes said the budget would be balanced by 2027.',
    // a direct quote's content keeps its marks, so the cell that opens with "-" is this reported one
    'Lopes said -2 percent next year would be no worse.',
  ]);

  beforeAll(async () => {
    server = await startServer({
      '/a': (req, res) => {
        seen.push(req.headers);
        html(page('Harbour reopens after storm repairs', ['The harbour reopened on Monday, the port authority said.', '"We worked day and night," said Rui Costa, the harbour master.']))(req, res);
      },
      '/short': (_req, res) => {
        res.writeHead(301, { location: '/a' }).end();
      },
      '/formula': html(FORMULA_PAGE),
      '/flaky': (req, res) => {
        if (flaky) res.writeHead(503).end('busy');
        else html(page('Ferry strike ends', ['The ferry strike ended on Friday, the union said.']))(req, res);
      },
      '/missing': (_req, res) => {
        res.writeHead(404).end('gone');
      },
    });
  });
  afterAll(() => server.close());

  it('credentials in a URL are neither sent, printed nor stored', async () => {
    const withSecret = (path: string) => server.url.replace('http://', 'http://editor:hunter2@') + path;
    const r = await runAsync(['ingest', withSecret('/a'), withSecret('/missing')], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${server.url}/missing: http-status`);
    expect(r.stderr).toMatch(/stored 1 of 2, failed 1/);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((h) => h.authorization !== undefined)).toBe(false);
    const exported = run(['export'], undefined, env).stdout;
    const failures = run(['failures', '--json', '--all'], undefined, env).stdout;
    const shown = run(['show', withSecret('/a')], undefined, env);
    expect(shown.status).toBe(0);
    for (const out of [r.stdout, r.stderr, exported, failures, shown.stdout, shown.stderr]) expect(out).not.toContain('hunter2');
    expect(JSON.parse(shown.stdout).url).toBe(`${server.url}/a`);
  });

  it('show finds a page by the URL given, before its redirect, and by the path of an ingested file', async () => {
    const r = await runAsync(['ingest', `${server.url}/short`], env);
    expect(r.status).toBe(0);
    const shown = run(['show', `${server.url}/short`], undefined, env);
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ url: `${server.url}/a`, title: 'Harbour reopens after storm repairs' });

    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-files-'));
    writeFileSync(join(dir, 'article.txt'), `Bridge reopens\n\n${TEXT}\n`);
    writeFileSync(join(dir, 'list.txt'), `# two pages\n${server.url}/a\n${server.url}/formula\n`);
    const files = await runAsync(['ingest', 'article.txt', 'list.txt'], env, dir);
    expect(files.stderr).toContain('article.txt: read as a plain-text article');
    expect(files.stderr).toContain('list.txt: read as a list of 2 URLs');
    expect(files.stderr).toMatch(/stored 3 of 3, failed 0/);
    const byPath = run(['show', 'article.txt'], undefined, env, dir);
    expect(byPath.status).toBe(0);
    expect(JSON.parse(byPath.stdout).text).toContain('"We are nearly done," she said.');
    expect(run(['show', join(dir, 'article.txt')], undefined, env).status).toBe(0);
    const missing = run(['show', 'no-such-article.txt'], undefined, env, dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-such-article.txt: no such record');
  });

  it('CSV cells a spreadsheet would run as formulas are written as text', () => {
    const csv = run(['export', '--format', 'csv'], undefined, env).stdout;
    const rows = csv.trim().split('\n').filter((row) => row.includes('/formula'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
      expect(row).not.toMatch(/(^|,)"?[=+\-@]/);
    }
    expect(rows.some((row) => row.includes("'-2 percent next year would be no worse"))).toBe(true);
  });

  it('failures: one row per input and stage, attempts counted, resolved by a later success', async () => {
    await runAsync(['ingest', `${server.url}/flaky`], env);
    const again = await runAsync(['ingest', `${server.url}/flaky`], env);
    expect(again.stderr).toContain(`${server.url}/flaky: http-status: HTTP 503`);
    const open = JSON.parse(run(['failures', '--json', '--reason', 'http-status'], undefined, env).stdout.trim().split('\n').find((l) => l.includes('/flaky')) ?? 'null');
    expect(open).toMatchObject({ input: `${server.url}/flaky`, stage: 'fetch', reason: 'http-status', attempts: 2, resolvedAt: null });
    const listed = run(['failures'], undefined, env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`fetch +http-status +×2 ${server.url}/flaky`));

    flaky = false;
    expect((await runAsync(['ingest', `${server.url}/flaky`], env)).status).toBe(0);
    expect(run(['failures'], undefined, env).stdout).not.toContain('/flaky');
    expect(run(['failures', '--all'], undefined, env).stdout).toMatch(/\(resolved\) http:\/\/127\.0\.0\.1:\d+\/flaky/);
    expect(run(['failures', '--stage', 'parse'], undefined, env).status).toBe(2);
  });

  it('a document over the extraction time limit fails with that reason; the fetch itself is not a failure', async () => {
    const r = await runAsync(['ingest', '--extract-timeout', '1', `${server.url}/formula`], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${server.url}/formula: extract-timeout: extraction took longer than 1 ms and was stopped`);
    const rows = run(['failures', '--json'], undefined, env).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.filter((f) => f.input === `${server.url}/formula`).map((f) => [f.stage, f.reason])).toEqual([['extract', 'extract-timeout']]);
  });
});
