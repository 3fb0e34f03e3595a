// A second runtime process on the same PostgreSQL schema, for the intake bench's two-process row:
// `switchboard serve` as a deployment runs it, in its own process, so the measured server
// forwards its events through the database and the peer reads and unpacks them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds } from './proc-cpu.ts';

const cli = fileURLToPath(new URL('../bin/switchboard.js', import.meta.url));

export interface PeerProcess {
  /** CPU seconds the peer used so far (user + system, from /proc; undefined elsewhere). */
  cpuSeconds(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** Starts `switchboard serve` on `schema` and resolves once it listens. */
export async function startPeer(databaseUrl: string, schema: string): Promise<PeerProcess> {
  const cwd = await mkdtemp(join(tmpdir(), 'swb-bench-peer-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      cli,
      'serve',
      '--database-url',
      databaseUrl,
      '--database-schema',
      schema,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--no-watch',
    ],
    { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('switchboard listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the peer process exited (${code}) before listening:\n${log}`)));
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async cpuSeconds() {
      return child.pid === undefined ? undefined : processCpuSeconds(child.pid);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(cwd, { recursive: true, force: true });
    },
  };
}
