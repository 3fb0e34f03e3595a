// The PostgreSQL store: for several runtime processes on one database. Tickets as JSONB with
// indexed columns and their growing lists in child tables (a change writes what changed),
// migrations on open, optimistic concurrency, and timers that fire once.
export {
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from './postgres-store.ts';
export { migrations, migrate, type Migration } from './migrations.ts';
export type { SqlNames } from './sql-names.ts';
export { notifyBatchingPool } from './notify-batch.ts';
