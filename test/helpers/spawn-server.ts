import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testAdminToken } from './server.ts';

const bin = fileURLToPath(new URL('../../bin/switchboard.js', import.meta.url));

export interface SpawnedServer {
  proc: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Runs `switchboard serve <args> --port 0` as a real process; the port comes from its "listening on" line. */
export async function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedServer> {
  const proc = spawn(process.execPath, [bin, 'serve', ...args, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SWITCHBOARD_ADMIN_TOKEN: testAdminToken, ...env },
  });
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 20_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${text}`));
    });
  });
  return { proc, url, stderr: () => text };
}

/** Sends a signal and resolves with the exit code (null when killed by the signal). */
export function stopServer(child: SpawnedServer, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return Promise.resolve(child.proc.exitCode);
  return new Promise((resolve) => {
    child.proc.once('exit', (code) => resolve(code));
    child.proc.kill(signal);
  });
}
