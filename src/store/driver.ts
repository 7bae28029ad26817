// The one small interface both databases sit behind: PGlite (embedded, the default) and PostgreSQL
// (DATABASE_URL). Same SQL dialect, same migrations, same queries.

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Driver extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction: all of it is stored or none. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
