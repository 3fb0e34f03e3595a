import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

/**
 * Gives the PostgreSQL tests a database. $DATABASE_URL wins; outside CI, when PostgreSQL is
 * installed, a throwaway cluster is started with .ci/pg-start.sh (stopped after the run). In CI
 * nothing is started here: .ci/run provides DATABASE_URL, and the tests fail without it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.DATABASE_URL;
  if (given || process.env.CI === 'true' || process.env.SWB_PG === 'off') {
    project.provide('databaseUrl', given ?? '');
    return;
  }
  const installed =
    existsSync('/usr/lib/postgresql') &&
    readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  if (!installed) {
    project.provide('databaseUrl', '');
    return;
  }
  const script = fileURLToPath(new URL('../../.ci/pg-start.sh', import.meta.url));
  const { stdout } = await promisify(execFile)('bash', [script], {
    env: { ...process.env, SWB_PG_NO_INSTALL: '1' },
    timeout: 120_000,
  });
  const vars = Object.fromEntries(
    [...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [
      m[1]!,
      m[2]!.replace(/\\(.)/g, '$1').replace(/^'(.*)'$/, '$1'),
    ]),
  );
  const url = vars.DATABASE_URL ?? '';
  process.env.DATABASE_URL = url;
  project.provide('databaseUrl', url);
  const stop = vars.SWB_PG_STOP;
  return async () => {
    if (stop) await promisify(execFile)('bash', ['-c', stop]).catch(() => undefined);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
