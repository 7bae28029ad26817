export type { Driver, Queryable } from './driver.js';
export { FAILURE_STAGES, type Failure, type FailureFilter, type FailureRow, type FailureStage } from './failures.js';
export { migrate, MIGRATIONS } from './migrations.js';
export { openPglite } from './pglite.js';
export { openPostgres } from './postgres.js';
export { type RawDocument, type SaveOptions, Store, type StoredInput, type StoredInputFilter, type StoreOptions } from './store.js';
