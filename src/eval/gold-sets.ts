// The gold sets on disk: our own fixtures, and ../shared/gold when it is beside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../extract/index.js';
import type { ArticleRecord } from '../record.js';
import { Gold } from './gold.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES_DIR = join(ROOT, 'fixtures', 'articles');
export const SHARED_DIR = resolve(ROOT, '..', 'shared');

export interface GoldCase {
  name: string;
  gold: Gold;
  /** Extracts the case's document the way `newsdesk extract` would. */
  run(): ArticleRecord;
}

/** Fixtures: fixtures/articles/NAME.html (or .txt) with NAME.gold.json beside it. */
export function fixtureCases(dir = FIXTURES_DIR): GoldCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()
    .map((f) => {
      const gold = Gold.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const doc = join(dir, gold.document);
      const name = f.replace(/\.gold\.json$/, '');
      return {
        name,
        gold,
        run: () => {
          const body = readFileSync(doc, 'utf8');
          return /\.html?$/.test(doc) ? extract({ html: body, url: gold.url ?? null, id: name }) : extract({ text: body, publishedAt: gold.publishedAt, id: name });
        },
      };
    });
}

/** ../shared/gold with ../shared/seeds; empty when ../shared is absent. */
export function sharedCases(shared = SHARED_DIR): GoldCase[] {
  const dir = join(shared, 'gold');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const gold = Gold.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const name = f.replace(/\.json$/, '');
      return { name, gold, run: () => extract({ text: readFileSync(join(shared, gold.document), 'utf8'), publishedAt: gold.publishedAt, id: name }) };
    });
}
