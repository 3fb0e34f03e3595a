import { open, readFile, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Adapter } from 'lowdb';
import { SwitchboardError } from '../../errors/switchboard-error.ts';
import type { StateImage } from '../store-state.ts';
import { fsyncDir } from './fs-sync.ts';

/** The whole state as of journal record `seq`; ticket and meta values stay JSON text in memory. */
export interface SnapshotImage extends StateImage {
  seq: number;
  savedAt: string;
}

export const snapshotFormat = 1;
const ticketsPerChunk = 1000;

export function emptyImage(): SnapshotImage {
  return { seq: 0, savedAt: '', sequences: {}, meta: {}, tickets: [] };
}

/**
 * A lowdb adapter for `tickets.json` that is safe where lowdb's JSONFile is not: a unique temp
 * name (steno's fixed `.name.tmp` lets two writers clobber each other), fsync before the rename,
 * fsync of the directory after it. The file is plain JSON with one ticket per line, so reading
 * can keep each ticket's text without re-serialising, and writing goes out in chunks, yielding
 * to the event loop between them instead of one long JSON.stringify.
 */
export function createSnapshotAdapter(path: string): Adapter<SnapshotImage> {
  return {
    async read() {
      let buf: Buffer;
      try {
        buf = await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      return parseSnapshot(path, buf);
    },
    async write(image) {
      const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(tmp, 'wx');
      try {
        await handle.write(header(image));
        const { tickets } = image;
        for (let i = 0; i < tickets.length; i += ticketsPerChunk) {
          const chunk = tickets.slice(i, i + ticketsPerChunk).join(',\n');
          await handle.write(i + ticketsPerChunk < tickets.length ? `${chunk},\n` : `${chunk}\n`);
        }
        await handle.write(']}\n');
        await handle.sync();
      } catch (e) {
        await handle.close();
        await unlink(tmp).catch(() => undefined);
        throw e;
      }
      await handle.close();
      await rename(tmp, path);
      await fsyncDir(dirname(path));
    },
  };
}

function header(image: SnapshotImage): string {
  const meta = Object.entries(image.meta)
    .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
    .join(',');
  return (
    `{"format":${snapshotFormat},"seq":${image.seq},"savedAt":${JSON.stringify(image.savedAt)},` +
    `"sequences":${JSON.stringify(image.sequences)},"meta":{${meta}},"tickets":[\n`
  );
}

interface SnapshotHead {
  format: number;
  seq: number;
  savedAt?: string;
  sequences?: Record<string, number>;
  meta?: Record<string, unknown>;
  tickets?: unknown[];
}

function fromHead(head: SnapshotHead, tickets: string[]): SnapshotImage {
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries(head.meta ?? {})) meta[key] = JSON.stringify(value);
  return { seq: head.seq, savedAt: head.savedAt ?? '', sequences: head.sequences ?? {}, meta, tickets };
}

async function parseSnapshot(path: string, buf: Buffer): Promise<SnapshotImage> {
  // Fast path: the layout this adapter writes, read line by line straight from the bytes and
  // between event-loop turns. Anything else (say, a hand-formatted file) is still read, through
  // one JSON.parse of the whole text.
  const firstNl = buf.indexOf(0x0a);
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0x0a) end--;
  const lastStart = buf.lastIndexOf(0x0a, end - 1) + 1;
  const first = firstNl === -1 ? '' : buf.toString('utf8', 0, firstNl);
  if (firstNl !== -1 && lastStart > firstNl && first.endsWith('"tickets":[') && buf.toString('utf8', lastStart, end) === ']}') {
    let head: SnapshotHead | undefined;
    try {
      head = JSON.parse(`${first}]}`) as SnapshotHead;
    } catch {
      head = undefined;
    }
    if (head) {
      const tickets: string[] = [];
      for (let pos = firstNl + 1; pos < lastStart; ) {
        const nl = buf.indexOf(0x0a, pos);
        const lineEnd = buf[nl - 1] === 0x2c ? nl - 1 : nl; // drop the separating comma
        tickets.push(buf.toString('utf8', pos, lineEnd));
        pos = nl + 1;
        if (tickets.length % 2000 === 0) await yieldToLoop();
      }
      return checked(path, head, tickets);
    }
  }
  let head: SnapshotHead;
  try {
    head = JSON.parse(buf.toString('utf8')) as SnapshotHead;
  } catch (e) {
    throw new SwitchboardError('SWB_STORE_CORRUPT', `Snapshot ${path} is not valid JSON: ${(e as Error).message}.`, { path }, { cause: e });
  }
  return checked(path, head, (head.tickets ?? []).map((t) => JSON.stringify(t)));
}

function checked(path: string, head: SnapshotHead, tickets: string[]): SnapshotImage {
  if (head?.format !== snapshotFormat || !Number.isInteger(head.seq)) {
    throw new SwitchboardError(
      'SWB_STORE_CORRUPT',
      `Snapshot ${path} has format ${String(head?.format)} / seq ${String(head?.seq)}; this version reads format ${snapshotFormat}.`,
      { path },
    );
  }
  return fromHead(head, tickets);
}
