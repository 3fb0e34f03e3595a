import { open, readFile, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
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
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      return parseSnapshot(path, text);
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

function parseSnapshot(path: string, text: string): SnapshotImage {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines[0] ?? '';
  // Fast path: the layout this adapter writes. Anything else (say, a hand-formatted file) is
  // still read, through one JSON.parse of the whole text.
  if (lines.length >= 2 && first.endsWith('"tickets":[') && lines[lines.length - 1] === ']}') {
    try {
      const head = JSON.parse(`${first}]}`) as SnapshotHead;
      const tickets = lines.slice(1, -1).map((l) => (l.endsWith(',') ? l.slice(0, -1) : l));
      return checked(path, head, tickets);
    } catch (e) {
      if (e instanceof SwitchboardError) throw e;
    }
  }
  let head: SnapshotHead;
  try {
    head = JSON.parse(text) as SnapshotHead;
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
