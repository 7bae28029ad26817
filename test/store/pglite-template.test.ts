// A new PGlite folder starts from the committed empty cluster: one PostgreSQL instance instead of the two
// (and initdb) that PGlite runs to make one, so the first ingest stays within a bounded memory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/eval/gold-sets.js';
import { Store } from '../../src/store/index.js';
import { openFromTemplate, TEMPLATE_PATH } from '../../src/store/pglite-template.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'newsdesk-template-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a new PGlite store', () => {
  it('is made from the committed template, migrated, and opens again as it was', async () => {
    expect(existsSync(TEMPLATE_PATH)).toBe(true);
    const dir = tempDir();
    const store = await Store.open({ dataDir: dir });
    await store.recordFailure({ input: 'https://a.example/', stage: 'fetch', reason: 'timeout', detail: 'slow' });
    await store.close();
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
    const again = await Store.open({ dataDir: dir });
    expect((await again.failures()).map((f) => f.input)).toEqual(['https://a.example/']);
    await again.close();
  });

  it('a template that does not fit leaves the folder empty, for initdb to fill', async () => {
    const dir = tempDir();
    const bad = join(tempDir(), 'bad.tar.gz');
    writeFileSync(bad, 'not a cluster');
    expect(await openFromTemplate(dir, bad)).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder that holds something else is never touched by the template', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(await openFromTemplate(dir)).toBeNull();
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('opening a new folder peaks well under the 880 MB that PGlite initdb took', () => {
    const dir = tempDir();
    const script = `import { Store } from ${JSON.stringify(join(ROOT, 'dist', 'store', 'index.js'))};
      const s = await Store.open({ dataDir: ${JSON.stringify(join(dir, 'db'))} }); await s.close();
      process.stdout.write(String(process.resourceUsage().maxRSS));`;
    const maxRssKb = Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb / 1024).toBeLessThan(600);
  });
});
