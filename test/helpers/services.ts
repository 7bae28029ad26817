// Real services for integration tests: a temporary PGlite folder, and the PostgreSQL server on
// 127.0.0.1:5432 (database `test`, or DATABASE_URL) with a schema of its own per test file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Store } from '../../src/store/index.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<{ store: Store; cleanup(): Promise<void>; options: { dataDir?: string; databaseUrl?: string; schema?: string } }>;
}

export const pgliteBackend: Backend = {
  name: 'pglite',
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-pglite-'));
    const store = await Store.open({ dataDir });
    return {
      store,
      options: { dataDir },
      cleanup: async () => {
        await store.close().catch(() => {});
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** A schema name of its own for one test's tables in the shared PostgreSQL database. */
export const newSchemaName = (): string => `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

export const postgresBackend: Backend = {
  name: 'postgres',
  async open() {
    const schema = newSchemaName();
    const store = await Store.open({ databaseUrl: POSTGRES_URL, schema });
    return {
      store,
      options: { databaseUrl: POSTGRES_URL, schema },
      cleanup: async () => {
        await store.close().catch(() => {});
        await dropSchema(schema);
      },
    };
  },
};

export const backends: Backend[] = [pgliteBackend, postgresBackend];
