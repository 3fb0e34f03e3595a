// switchboard/postgres: the PostgreSQL store (several processes serving one team) and its migrations.
export {
  createPostgresStore,
  isPostgresStore,
  migrate,
  migrations,
  type Migration,
  type PostgresStore,
  type PostgresStoreOptions,
} from '../postgres/index.ts';
