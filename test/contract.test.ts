// The contract downstream apps read: the committed JSON Schema is the one the zod schema generates,
// and the extractor's version is the package's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/eval/gold-sets.js';
import { extract } from '../src/extract/index.js';
import { MODELS_PATH, modelFileId, modelManifest } from '../src/extract/models.js';
import { ArticleRecord, articleRecordJsonSchema } from '../src/record.js';
import { EXTRACTOR } from '../src/version.js';

describe('contract', () => {
  it('schema/article-record.v1.json is up to date (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schema', 'article-record.v1.json'), 'utf8'));
    expect(committed).toEqual(articleRecordJsonSchema());
  });

  it('the extractor version is the package version', () => {
    expect(EXTRACTOR.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('models/manifest.json names the committed model files, for the running version (a new model needs a new version)', () => {
    const manifest = modelManifest();
    expect(manifest.extractorVersion, 'a model changed: bump the version and write its ids into models/manifest.json').toBe(EXTRACTOR.version);
    const files = readdirSync(MODELS_PATH).filter((f) => f.endsWith('.json.gz'));
    expect(Object.keys(manifest.models).sort()).toEqual(files.map((f) => f.replace(/\.json\.gz$/, '')).sort());
    for (const f of files) {
      const id = modelFileId(join(MODELS_PATH, f));
      expect(manifest.models[f.replace(/\.json\.gz$/, '')], `${f} changed: bump the extractor version and update models/manifest.json`).toBe(id);
    }
    expect(extract({ text: 'The minister said the plan would work.' }).extractor.models).toEqual(manifest.models);
  });

  it('the schema refuses what the contract forbids', () => {
    const ok = extract({ text: 'The minister said the plan would work.', id: 'c1' });
    expect(ArticleRecord.safeParse(ok).success).toBe(true);
    expect(ArticleRecord.safeParse({ ...ok, schemaVersion: 2 }).success).toBe(false);
    expect(ArticleRecord.safeParse({ ...ok, pageKind: 'blog' }).success).toBe(false);
    expect(ArticleRecord.safeParse({ ...ok, dates: [{ text: 'x', start: 0, end: 1, value: 'soon', kind: 'relative', granularity: 'day' }] }).success).toBe(false);
  });
});
