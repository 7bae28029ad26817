// The command line as users run it: a real process, real files, a real local HTTP server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../src/eval/gold-sets.js';
import { ArticleRecord } from '../src/record.js';
import { BIN, run, runAsync } from './helpers/cli.js';
import { type Route, startServer, type TestServer } from './helpers/server.js';

const TEXT = 'The mayor said on Tuesday that the bridge would reopen in June.\n\n"We are nearly done," she said.';

describe('newsdesk extract', () => {
  it('--jsonl writes one valid record per line, in order, with the id echoed', () => {
    const lines = [
      { id: 'one', text: TEXT, publishedAt: '2024-05-02' },
      { id: 2, html: readFileSync(join(FIXTURES_DIR, 'quote-speaker-after.html'), 'utf8'), url: 'https://harbourcourier.example/x' },
      { id: 'three', text: 'Short text.' },
    ];
    const r = run(['extract', '--jsonl'], `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['one', '2', 'three']);
    for (const o of out) expect(ArticleRecord.safeParse(o).success).toBe(true);
    expect(out[0].text).toBe(TEXT); // plain text comes back unchanged, so offsets point into it
    expect(out[0].dates).toContainEqual(expect.objectContaining({ text: 'Tuesday', value: '2024-04-30' }));
    expect(out[1].title).toBe('Lisbon approves airport tram line after two-year fight');
  });

  it('--jsonl: a bad line yields an error record and the stream goes on; the exit code says so', () => {
    const huge = JSON.stringify({ id: 'huge', html: `<p>${'x'.repeat(11_000_000)}</p>` });
    const input = ['{"id":"ok1","text":"A first text, said someone."}', '{not json', '{"id":"nobody"}', huge, '[1,2]', '{"id":"ok2","text":"A last text."}'].join('\n');
    const r = run(['extract', '--jsonl'], input);
    expect(r.status).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['ok1', 'line-2', 'nobody', 'huge', 'line-5', 'ok2']);
    expect(out[1].error).toMatch(/line 2: .*JSON/i);
    expect(out[2].error).toMatch(/neither "html" nor "text"/);
    expect(out[3].error).toMatch(/^line 4: extraction failed: document too large/);
    expect(out[4].error).toMatch(/line 5: invalid input/);
    expect(out[5].text).toBe('A last text.');
  });

  it('--jsonl --threads: several threads answer as one does, line for line; a bad count names the flag', () => {
    const lines = Array.from({ length: 9 }, (_, i) => JSON.stringify(i === 4 ? { id: 'bad' } : { id: `doc${i}`, text: `${TEXT} Story number ${i}.`, publishedAt: '2024-05-02' }));
    const input = `${lines.join('\n')}\n`;
    const one = run(['extract', '--jsonl', '--threads', '1'], input);
    const three = run(['extract', '--jsonl', '--threads', '3'], input);
    expect(three.status).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    expect(one.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['doc0', 'doc1', 'doc2', 'doc3', 'bad', 'doc5', 'doc6', 'doc7', 'doc8']);
    const bad = run(['extract', '--jsonl', '--threads', '0'], input);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--threads expects a whole number from 1 to 256/);
  });

  it('--jsonl streams: a record comes out before the input ends', async () => {
    const child = spawn(process.execPath, [BIN, 'extract', '--jsonl']);
    child.stdin.write(`${JSON.stringify({ id: 'first', text: TEXT })}\n`);
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    expect(JSON.parse(first.split('\n')[0] ?? '').id).toBe('first');
    child.stdin.end(`${JSON.stringify({ id: 'second', text: TEXT })}\n`);
    await new Promise((resolve) => child.on('close', resolve));
  });

  it('FILE: HTML with --url and text with --published; a missing file is named in the error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-cli-'));
    const txt = join(dir, 'story.txt');
    writeFileSync(txt, TEXT);
    const r = run(['extract', txt, '--published', '2024-05-02']);
    expect(r.status).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.text).toBe(TEXT);
    expect(rec.publishedAt).toBe('2024-05-02');
    expect(rec.publishedAtSource).toBe('input');
    const html = run(['extract', join(FIXTURES_DIR, 'date-from-url.html'), '--url', 'https://quaytimes.example/ports/2021/09/27/felixstowe-strike-ends']);
    expect(JSON.parse(html.stdout).publishedAt).toBe('2021-09-27');
    const missing = run(['extract', join(dir, 'nope.html')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('nope.html');
  });

  it('schema prints the JSON Schema of the record', () => {
    const r = run(['schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('ArticleRecord');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['schemaVersion', 'entities', 'dates', 'claims', 'publishedAtSource']));
  });
});

describe('newsdesk ingest, show, export', () => {
  let server: TestServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-cli-data-'));
  const env = { NEWSDESK_DATA_DIR: dataDir, NEWSDESK_ALLOW_PRIVATE_HOSTS: '1', NEWSDESK_MIN_DELAY_MS: '0', DATABASE_URL: '' };
  beforeAll(async () => {
    const serve = (f: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES_DIR, f)));
    };
    server = await startServer({ '/a': serve('company-said-anaphora.html'), '/b': serve('stance-without-speech.html') });
  });
  afterAll(() => server.close());

  it('ingests URLs and an HTML file into the embedded store; a bad URL fails alone and sets the exit code', async () => {
    const r = await runAsync(['ingest', `${server.url}/a`, `${server.url}/b`, `${server.url}/missing`, join(FIXTURES_DIR, 'boilerplate-heavy.html')], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${server.url}/missing: http-status`);
    expect(r.stderr).toMatch(/stored 3 of 4, failed 1/);
  });

  it('npx newsdesk ingest of every fixture served over HTTP stores every article in PGlite', async () => {
    const fixtures = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.html'));
    const routes: Record<string, Route> = {};
    for (const f of fixtures) {
      routes[`/${f}`] = (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end(readFileSync(join(FIXTURES_DIR, f)));
      };
    }
    const all = await startServer(routes);
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-cli-all-'));
    try {
      const r = await runAsync(['ingest', '--concurrency', '4', ...fixtures.map((f) => `${all.url}/${f}`)], { ...env, NEWSDESK_DATA_DIR: dir });
      expect(r.stderr).toMatch(new RegExp(`stored ${fixtures.length} of ${fixtures.length}, failed 0`));
      expect(r.status).toBe(0);
      const exported = run(['export'], undefined, { ...env, NEWSDESK_DATA_DIR: dir }).stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(exported.map((x) => x.url).sort()).toEqual(fixtures.map((f) => `${all.url}/${f}`).sort());
    } finally {
      await all.close();
    }
  });

  it('show prints a stored record by URL; export writes ndjson and csv', () => {
    const shown = run(['show', `${server.url}/a`], undefined, env);
    expect(shown.status).toBe(0);
    expect(JSON.parse(shown.stdout).title).toBe('Chipmaker Veltrona recalls 40,000 laptop batteries');
    const nd = run(['export', '--format', 'ndjson'], undefined, env);
    expect(nd.stdout.trim().split('\n').length).toBe(3);
    const csv = run(['export', '--format', 'csv'], undefined, env);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('article_id,url,title,published_at,claim_id,kind,speaker,speaker_entity_id,cue,content,target,stance,confidence');
    expect(rows.some((row) => row.includes('Fair Deal Alliance') && row.includes('oppose'))).toBe(true);
    expect(run(['show', 'no-such-id'], undefined, env).status).toBe(1);
    expect(run(['export', '--format', 'xml'], undefined, env).status).toBe(2);
  });
});
