import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { fsyncDir } from './fs-sync.ts';

export const lockFileName = 'switchboard.lock';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

export interface DirLock {
  readonly info: LockInfo;
  readonly path: string;
  release(): Promise<void>;
}

/** A holder counts as alive unless this host can prove its pid is gone. */
function isAlive(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(path: string): Promise<LockInfo | 'missing' | 'garbage'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    return Number.isInteger(v.pid) && typeof v.token === 'string' ? v : 'garbage';
  } catch {
    return 'garbage';
  }
}

async function writeDurable(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function lockedError(dir: string, path: string, holder: LockInfo): SwitchboardError {
  return new SwitchboardError(
    'SWB_STORE_LOCKED',
    `Data directory ${dir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}; lock file ${path}). ` +
      'Stop that process or use another data directory; if no such process runs, delete the lock file.',
    { dir, path, pid: holder.pid, host: holder.host },
  );
}

/**
 * One process per data directory. The lock file is written completely under a temp name and
 * then hard-linked into place, which fails atomically when it exists, so a lock file is never
 * seen half-written. A lock whose pid is dead on this host is moved aside and taken over; the
 * move is checked so two processes racing for the same stale lock cannot both win.
 */
export async function acquireDirLock(dir: string, startedAt: string): Promise<DirLock> {
  const path = join(dir, lockFileName);
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt, token: randomBytes(8).toString('hex') };
  const tmp = `${path}.${info.token}.tmp`;
  const lock: DirLock = {
    info,
    path,
    async release() {
      const holder = await readHolder(path);
      if (typeof holder === 'object' && holder.token === info.token) {
        await unlink(path);
        await fsyncDir(dir);
      }
    },
  };

  for (let attempt = 0; attempt < 5; attempt++) {
    await writeDurable(tmp, `${JSON.stringify(info)}\n`);
    try {
      await link(tmp, path);
      await fsyncDir(dir);
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const holder = await readHolder(path);
    if (holder === 'missing') continue;
    if (holder !== 'garbage' && isAlive(holder)) throw lockedError(dir, path, holder);
    const aside = `${path}.stale-${info.token}`;
    try {
      await rename(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = await readHolder(aside);
    const same = holder === 'garbage' ? moved === 'garbage' : typeof moved === 'object' && moved.token === holder.token;
    // Someone took the stale lock over between our read and our rename: give theirs back.
    if (!same) await link(aside, path).catch(() => undefined);
    await unlink(aside);
  }
  const holder = await readHolder(path);
  throw lockedError(dir, path, typeof holder === 'object' ? holder : { pid: -1, host: '?', startedAt: '?', token: '' });
}
