// A fresh PGlite data folder is made by running initdb, and PGlite runs initdb in a second PostgreSQL
// instance beside the first, in the same process, then copies the cluster over: two WebAssembly heaps and
// the initdb module at once, near 900 MB for a database that will hold one article. Loading an empty
// cluster made once beforehand (templates/pglite-cluster.tar.gz, written by `npm run pglite-template` with
// the installed PGlite) needs one instance only: about 400 MB, and three times faster.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';

// src/store and dist/store are both two levels below the root
export const TEMPLATE_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'pglite-cluster.tar.gz');

/** Opens PGlite on a new, empty data folder from the template; null when there is no template, the folder
 * is not empty, or the template does not fit the installed PGlite (the caller then falls back to initdb).
 * On failure the folder is emptied again: it held nothing of anyone's before. */
export async function openFromTemplate(dataDir: string, template = TEMPLATE_PATH): Promise<PGlite | null> {
  const inMemory = dataDir.startsWith('memory://');
  if (!existsSync(template) || (!inMemory && readdirSync(dataDir).length > 0)) return null;
  try {
    // unpacked here: a damaged file is then an exception we catch, not an error PGlite's unzip throws later
    const tar = gunzipSync(readFileSync(template));
    return await PGlite.create(dataDir, { loadDataDir: new Blob([tar], { type: 'application/x-tar' }) });
  } catch {
    if (!inMemory) for (const f of readdirSync(dataDir)) rmSync(join(dataDir, f), { recursive: true, force: true });
    return null;
  }
}

/** Writes the template: an empty cluster made by the installed PGlite's initdb. */
export async function writeTemplate(path = TEMPLATE_PATH): Promise<number> {
  const db = await PGlite.create('memory://');
  try {
    const dump = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    writeFileSync(path, bytes);
    return bytes.length;
  } finally {
    await db.close();
  }
}
