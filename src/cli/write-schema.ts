// `npm run schema`: writes schema/article-record.v1.json, the JSON Schema downstream readers use.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../eval/gold-sets.js';
import { articleRecordJsonSchema } from '../record.js';

mkdirSync(join(ROOT, 'schema'), { recursive: true });
writeFileSync(join(ROOT, 'schema', 'article-record.v1.json'), `${JSON.stringify(articleRecordJsonSchema(), null, 2)}\n`);
