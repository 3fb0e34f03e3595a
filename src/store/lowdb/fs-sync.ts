import { open } from 'node:fs/promises';

/** Makes a create, rename or unlink inside `dir` durable: POSIX needs an fsync of the directory. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
