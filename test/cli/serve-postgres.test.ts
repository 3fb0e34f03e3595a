import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { api } from '../helpers/server.ts';
import { spawnServer, stopServer, type SpawnedServer } from '../helpers/spawn-server.ts';

const url = postgresUrl();

describe.skipIf(!url)('switchboard serve on PostgreSQL', () => {
  const children: SpawnedServer[] = [];
  const schemas: string[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await stopServer(c, 'SIGKILL');
    for (const s of schemas.splice(0)) await dropSchema(url!, s);
  });

  it('uses the PostgreSQL store when DATABASE_URL is set, and keeps tickets across restarts', async () => {
    const schema = uniqueSchema('serve');
    schemas.push(schema);
    const first = await spawnServer(['--database-schema', schema], { DATABASE_URL: url! });
    children.push(first);
    expect(first.stderr()).toContain('store postgres');
    expect((await api(first.url, 'GET', '/api/health')).body.store).toBe('postgres');
    const created = await api(first.url, 'POST', '/api/tickets', {
      channel: 'email',
      subject: 'How do I register an account?',
      customer: { id: 'C1' },
    });
    expect(created.status).toBe(201);
    expect(await stopServer(first, 'SIGTERM')).toBe(0);

    const second = await spawnServer(['--database-url', url!, '--database-schema', schema], { DATABASE_URL: '' });
    children.push(second);
    expect((await api(second.url, 'GET', `/api/tickets/${created.body.id}`)).body).toEqual(created.body);
  });

  it('lets an explicit --data beat DATABASE_URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swb-serve-'));
    const lowdb = await spawnServer(['--data', dir], { DATABASE_URL: url! });
    children.push(lowdb);
    expect((await api(lowdb.url, 'GET', '/api/health')).body.store).not.toBe('postgres');
    await stopServer(lowdb, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses --data together with --database-url', async () => {
    const bin = fileURLToPath(new URL('../../bin/switchboard.js', import.meta.url));
    const proc = spawn(process.execPath, [bin, 'serve', '--data', '/tmp/x', '--database-url', url!, '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(err).toContain('not both');
  });
});
