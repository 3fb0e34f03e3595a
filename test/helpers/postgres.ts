import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * The database for PostgreSQL tests, or undefined (with a loud message) when there is none
 * outside CI. In CI (CI=true) a missing database is an error: those tests never skip there.
 */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL || inject('databaseUrl') || undefined;
  if (url) return url;
  if (process.env.CI === 'true') {
    throw new Error(
      'CI=true but no PostgreSQL: DATABASE_URL is not set. .ci/run starts one with .ci/pg-start.sh; the PostgreSQL tests must not skip in CI.',
    );
  }
  console.warn(
    '\n*** PostgreSQL tests SKIPPED: no DATABASE_URL, and no throwaway cluster (PostgreSQL not installed in /usr/lib/postgresql/*/bin, or SWB_PG=off).\n' +
      '*** Install the `postgresql` package or run: eval "$(.ci/pg-start.sh)" before the tests.\n',
  );
  return undefined;
}

/** A fresh schema name per test, so tests share one database without seeing each other's rows. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
