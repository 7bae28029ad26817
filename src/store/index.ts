export type { Driver, Queryable } from './driver.js';
export { migrate, MIGRATIONS } from './migrations.js';
export { openPglite } from './pglite.js';
export { openPostgres } from './postgres.js';
export { type Failure, type FailureRow, type RawDocument, Store, type StoreOptions } from './store.js';
