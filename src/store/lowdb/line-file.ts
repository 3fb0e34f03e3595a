import { open, readdir, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/**
 * The layout of the store's JSON files (snapshot and archive months): a head line that opens an
 * array, one item per line (comma-separated), and a closing `]}` line. Plain JSON, yet writable in
 * chunks and readable item by item without re-serialising.
 */

/** How many items go into one write (and are joined in one synchronous step). */
export const itemsPerChunk = 1000;

/**
 * Writes `pieces` to a unique temp name beside `path` (`<path>.<pid>.<random>.tmp`), fsyncs it and
 * renames it over `path`. Each piece is one write, so the event loop runs between pieces. The
 * caller fsyncs the directory afterwards (once for several files).
 */
export async function writeFileDurably(path: string, pieces: Iterable<string | Uint8Array>): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    for (const piece of pieces) await (typeof piece === 'string' ? handle.write(piece) : handle.write(piece));
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  await rename(tmp, path);
}

/** Removes temp files a crashed writer left in `dir` (`<prefix>...tmp`). */
export async function removeTempFiles(dir: string, prefix: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const name of names) if (name.startsWith(prefix) && name.endsWith('.tmp')) await unlink(join(dir, name));
}

/**
 * Splits a file in the line-array layout into its head line (ending in `headEnd`), item texts
 * with the byte offset each starts at, and its last line (`]}`, or `],` and more fields when
 * `tailOk` allows), yielding to the event loop every 2000 items. Undefined when the bytes are
 * not in that layout (the caller then parses the whole text as JSON).
 */
export async function splitLineArray(
  buf: Buffer,
  headEnd: string,
  tailOk: (tail: string) => boolean = (tail) => tail === ']}',
): Promise<{ head: string; items: string[]; offsets: number[]; tail: string; tailOffset: number } | undefined> {
  const firstNl = buf.indexOf(0x0a);
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0x0a) end--;
  const lastStart = buf.lastIndexOf(0x0a, end - 1) + 1;
  if (firstNl === -1 || lastStart <= firstNl) return undefined;
  const head = buf.toString('utf8', 0, firstNl);
  const tail = buf.toString('utf8', lastStart, end);
  if (!head.endsWith(headEnd) || !tailOk(tail)) return undefined;
  const items: string[] = [];
  const offsets: number[] = [];
  for (let pos = firstNl + 1; pos < lastStart; ) {
    const nl = buf.indexOf(0x0a, pos);
    const lineEnd = buf[nl - 1] === 0x2c ? nl - 1 : nl; // drop the separating comma
    items.push(buf.toString('utf8', pos, lineEnd));
    offsets.push(pos);
    pos = nl + 1;
    if (items.length % 2000 === 0) await yieldToLoop();
  }
  return { head, items, offsets, tail, tailOffset: lastStart };
}
