// switchboard/postgres: the PostgreSQL store (several processes serving one team) and its migrations.
export {
  createPostgresStore,
  migrate,
  migrations,
  type Migration,
  type PostgresStore,
  type PostgresStoreOptions,
} from '../postgres/index.ts';
