// `npm run bench`: throughput and memory of extraction (fixtures, and ../shared news pages when present),
// of storing records in PGlite, of the HTTP API under load (api.ts) and of the queue pipeline (queue.ts). Figures only; correctness is the tests' job.
// `npm run bench -- --extract-only`: the extraction figures alone (a minute, not the half hour of the rest).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { extractJsonl } from '../cli/extract-command.js';
import { FIXTURES_DIR, SHARED_DIR } from '../eval/gold-sets.js';
import { extract, type ExtractInput } from '../extract/index.js';
import { poolExtractor } from '../ingest/extractor.js';
import type { ArticleRecord } from '../record.js';
import { Store } from '../store/index.js';
import { apiBench } from './api.js';
import { queueBench } from './queue.js';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function loadInputs(): { name: string; inputs: ExtractInput[] }[] {
  const sets = [
    {
      name: 'fixtures',
      inputs: readdirSync(FIXTURES_DIR)
        .filter((f) => /\.(html|txt)$/.test(f))
        .map((f) => (f.endsWith('.html') ? { html: readFileSync(join(FIXTURES_DIR, f), 'utf8') } : { text: readFileSync(join(FIXTURES_DIR, f), 'utf8') })),
    },
  ];
  const pages = join(SHARED_DIR, 'data', 'news-pages', 'html');
  if (existsSync(pages)) sets.push({ name: 'news-pages (../shared)', inputs: readdirSync(pages).map((f) => ({ html: readFileSync(join(pages, f), 'utf8') })) });
  else console.log('news-pages: skipped (../shared/data/news-pages not found)');
  return sets;
}

function benchExtract(name: string, inputs: ExtractInput[], rounds: number): ArticleRecord[] {
  extract(inputs[0] as ExtractInput); // warm-up: lexicons compile on first use
  const times: number[] = [];
  let records: ArticleRecord[] = [];
  let words = 0;
  let peak = process.memoryUsage().rss;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    records = [];
    for (const input of inputs) {
      const s = performance.now();
      const rec = extract(input);
      times.push(performance.now() - s);
      records.push(rec);
      if (r === 0) words += rec.wordCount;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  const total = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const docs = inputs.length * rounds;
  console.log(
    `extract ${name}: ${docs} documents in ${total.toFixed(2)} s = ${(docs / total).toFixed(1)} docs/s, ${((words * rounds) / total).toFixed(0)} words/s; median ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)]?.toFixed(1)} ms; peak RSS ${mb(peak)}`,
  );
  return records;
}

async function benchStore(records: ArticleRecord[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-bench-'));
  const store = await Store.open({ dataDir: dir });
  try {
    const t0 = performance.now();
    for (const [i, r] of records.entries()) await store.saveRecord({ ...r, id: `bench-${i}` });
    const s = (performance.now() - t0) / 1000;
    console.log(`store PGlite: ${records.length} records in ${s.toFixed(2)} s = ${(records.length / s).toFixed(1)} records/s (one transaction each)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `extract --jsonl` on thousands of documents: records stream out, memory stays flat. */
async function benchJsonl(inputs: ExtractInput[], n: number): Promise<void> {
  const lines = inputs.map((x, i) => JSON.stringify({ id: `d${i}`, ...x }));
  let i = 0;
  const source = new Readable({
    read() {
      this.push(i < n ? `${lines[i++ % lines.length]}\n` : null);
    },
  });
  let bytes = 0;
  let peak = 0;
  let atHalf = 0;
  let written = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      written++;
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      if (written === Math.floor(n / 2)) atHalf = rss;
      done();
    },
  });
  const t0 = performance.now();
  const { ok } = await extractJsonl(source, sink);
  const s = (performance.now() - t0) / 1000;
  console.log(`extract --jsonl: ${ok} documents streamed in ${s.toFixed(1)} s = ${(ok / s).toFixed(0)} docs/s, ${mb(bytes)} out; RSS at half way ${mb(atHalf)}, peak ${mb(peak)}`);
}

/** Documents built to make extraction work harder than their length: each must finish in about a second. */
function benchPathological(): void {
  const docs = {
    'one quoted sentence repeated': '"We will build the bridge," the mayor said. ',
    'reported speech repeated': 'The mayor said the council would build the bridge next year. ',
    'unclosed quotes': '\u201cThe council, the mayor said, will decide on Tuesday ',
  };
  for (const [name, unit] of Object.entries(docs)) {
    const text = unit.repeat(Math.ceil(300_000 / unit.length));
    const t0 = performance.now();
    const r = extract({ text });
    const ms = performance.now() - t0;
    console.log(`extract 300 KB, ${name}: ${ms.toFixed(0)} ms${r.truncated ? ` (NLP stages read the first ${r.truncated.at} of ${r.truncated.length} characters)` : ''}`);
  }
}

/** The extraction pool `newsdesk ingest` uses: a worker thread a core, each document with its time limit. */
async function benchPool(name: string, inputs: ExtractInput[]): Promise<void> {
  const threads = availableParallelism();
  const pool = poolExtractor({ threads, timeoutMs: 30_000 });
  try {
    await pool.run({ text: 'Warm-up.' }, 'warm-up');
    const t0 = performance.now();
    const results = await Promise.all(inputs.map((input, i) => pool.run(input, `${name} ${i}`)));
    const s = (performance.now() - t0) / 1000;
    const failed = results.filter((r) => !r.ok).length;
    console.log(`extract ${name} on ${threads} worker threads: ${inputs.length} documents in ${s.toFixed(2)} s = ${(inputs.length / s).toFixed(1)} docs/s${failed ? `, ${failed} failed` : ''}`);
  } finally {
    await pool.close();
  }
}

const sets = loadInputs();
// the streaming figure first, so its memory is its own
await benchJsonl(sets[0]?.inputs ?? [], 3000);
let last: ArticleRecord[] = [];
for (const set of sets) last = benchExtract(set.name, set.inputs, set.inputs.length < 50 ? 20 : 2);
const largest = sets.at(-1);
if (largest) await benchPool(largest.name, largest.inputs);
benchPathological();
if (process.argv.includes('--extract-only')) process.exit(0);
await benchStore(last);
// the HTTP API under load on 10,000 stored articles, PGlite and PostgreSQL (`-- --articles N` for a short run)
await apiBench(process.argv.slice(2));
// last, and the longest: news pages through the queue workers into PostgreSQL (`-- --pages N` for a short run)
await queueBench(process.argv.slice(2));
