import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import type { StateImage } from '../store-state.ts';
import { fsyncDir } from './fs-sync.ts';
import { itemChunks, splitLineArray, writeFileDurably } from './line-file.ts';
import type { ArchiveImage, ArchiveMonthImage } from './archive-month.ts';

/** The whole state as of journal record `seq`; ticket and meta values stay JSON text in memory. */
export interface SnapshotImage extends StateImage {
  seq: number;
  savedAt: string;
  /** Which archived ticket lives in which month file (see archive-state.ts). */
  archive: ArchiveImage;
}

export const snapshotFormat = 1;

export function emptyImage(): SnapshotImage {
  return { seq: 0, savedAt: '', sequences: {}, meta: {}, tickets: [], archive: {} };
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
      await writeFileDurably(path, pieces(image));
      await fsyncDir(dirname(path));
    },
  };
}

/** The head line (one archive month per piece, so a big archive index is not one long join), tickets, end. */
function* pieces(image: SnapshotImage): Generator<string> {
  const meta = Object.entries(image.meta)
    .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
    .join(',');
  yield `{"format":${snapshotFormat},"seq":${image.seq},"savedAt":${JSON.stringify(image.savedAt)},` +
    `"sequences":${JSON.stringify(image.sequences)},"meta":{${meta}},"archive":{`;
  let first = true;
  for (const [month, m] of Object.entries(image.archive)) {
    yield `${first ? '' : ','}${JSON.stringify(month)}:{"facets":${JSON.stringify(m.facets)},"ids":${JSON.stringify(m.ids)}}`;
    first = false;
  }
  yield '},"tickets":[\n';
  yield* itemChunks(image.tickets);
  yield ']}\n';
}

interface SnapshotHead {
  format: number;
  seq: number;
  savedAt?: string;
  sequences?: Record<string, number>;
  meta?: Record<string, unknown>;
  archive?: Record<string, ArchiveMonthImage>;
  tickets?: unknown[];
}

function fromHead(head: SnapshotHead, tickets: string[]): SnapshotImage {
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries(head.meta ?? {})) meta[key] = JSON.stringify(value);
  return {
    seq: head.seq,
    savedAt: head.savedAt ?? '',
    sequences: head.sequences ?? {},
    meta,
    tickets,
    archive: head.archive ?? {},
  };
}

async function parseSnapshot(path: string, buf: Buffer): Promise<SnapshotImage> {
  // Fast path: the layout this adapter writes, read line by line straight from the bytes and
  // between event-loop turns. Anything else (say, a hand-formatted file) is still read, through
  // one JSON.parse of the whole text.
  const split = await splitLineArray(buf, '"tickets":[');
  if (split) {
    let head: SnapshotHead | undefined;
    try {
      head = JSON.parse(`${split.head}]}`) as SnapshotHead;
    } catch {
      head = undefined;
    }
    if (head) return checked(path, head, split.items);
  }
  let head: SnapshotHead;
  try {
    head = JSON.parse(buf.toString('utf8')) as SnapshotHead;
  } catch (e) {
    throw new SwitchboardError(
      'SWB_STORE_CORRUPT',
      `Snapshot ${path} is not valid JSON: ${(e as Error).message}.`,
      { path },
      { cause: e },
    );
  }
  return checked(
    path,
    head,
    (head.tickets ?? []).map((t) => JSON.stringify(t)),
  );
}

function checked(path: string, head: SnapshotHead, tickets: string[]): SnapshotImage {
  if (head?.format !== snapshotFormat || !Number.isInteger(head.seq)) {
    throw new SwitchboardError(
      'SWB_STORE_CORRUPT',
      `Snapshot ${path} has format ${String(head?.format)} / seq ${String(head?.seq)}; this version reads format ${snapshotFormat}.`,
      { path },
    );
  }
  const archive = head.archive ?? {};
  for (const [month, m] of Object.entries(archive)) {
    if (!/^\d{4}-\d{2}$/.test(month) || !Array.isArray(m?.ids) || typeof m.facets !== 'object' || m.facets === null) {
      throw new SwitchboardError(
        'SWB_STORE_CORRUPT',
        `Snapshot ${path} has an archive entry "${month}" without ids and facets.`,
        { path },
      );
    }
  }
  return fromHead(head, tickets);
}
