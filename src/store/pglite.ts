// PGlite: PostgreSQL compiled to WebAssembly, in a data folder. Nothing to install or start.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Driver, Queryable } from './driver.js';
import { openFromTemplate } from './pglite-template.js';

/** Opens (creating if needed, from the committed empty cluster) the data folder; `memory://` keeps
 * everything in memory. */
export async function openPglite(dataDir: string): Promise<Driver> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  // the template serves only an empty folder; one that holds a cluster is resumed as it is
  const db = (await openFromTemplate(dataDir)) ?? (await PGlite.create(dataDir));
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await q.query<T>(sql, params)).rows }),
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
