import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the real binary; resolves with its port and everything it printed until listening. */
function serve(dataDir: string, extra: string[] = []) {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/switchboard.js'), 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', ...extra],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', SWITCHBOARD_ADMIN_TOKEN: '' },
    },
  );
  let err = '';
  const ready = new Promise<{ port: number; printed: string }>((resolve, reject) => {
    child.stderr.on('data', (c) => {
      err += c;
      const m = /listening on http:\/\/localhost:(\d+)/.exec(err);
      if (m) resolve({ port: Number(m[1]), printed: err });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? (signal as never)));
      child.kill('SIGTERM');
    });
  return { ready, stop, child };
}

describe('switchboard serve (the real binary)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('prints a generated first admin token once, saves it 0600, and exits 0 on SIGTERM', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const first = serve(dir);
    cleanups.push(async () => first.child.kill('SIGKILL'));
    const { port, printed } = await first.ready;
    const token = /(swb_[A-Za-z0-9_-]+)/.exec(printed)?.[1];
    expect(token).toBeDefined();
    expect((await readFile(join(dir, 'admin-token'), 'utf8')).trim()).toBe(token);
    const url = `http://127.0.0.1:${port}/api/tickets`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = serve(dir);
    cleanups.push(async () => second.child.kill('SIGKILL'));
    const again = await second.ready;
    expect(again.printed).not.toContain('swb_');
    expect(await second.stop()).toBe(0);
  });

  it('--limit sets a limit of the running server', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const server = serve(dir, ['--limit', 'auth.failuresPerMinute=3', '--limit', 'ticket.maxReplies=50']);
    cleanups.push(async () => server.child.kill('SIGKILL'));
    const { port } = await server.ready;
    const url = `http://127.0.0.1:${port}/api/tickets`;
    for (let i = 0; i < 3; i++) expect((await fetch(url)).status).toBe(401);
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SWB_AUTH_RATE_LIMITED');
    expect(await server.stop()).toBe(0);
  });
});
