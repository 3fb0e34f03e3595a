import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import type { StateImage } from '../store-state.ts';
import { checkedPieces, isCheckedTail, type LineCheck, parseCheck, verify } from './checked-lines.ts';
import { fsyncDir } from './fs-sync.ts';
import { splitLineArray, writeFileDurably } from './line-file.ts';
import { storeCorrupt } from './store-corrupt.ts';
import type { ArchiveImage, ArchiveMonthImage } from './archive-month.ts';

/** The whole state as of journal record `seq`; ticket and meta values stay JSON text in memory. */
export interface SnapshotImage extends StateImage {
  seq: number;
  savedAt: string;
  /** Which archived ticket lives in which month file (see archive-state.ts). */
  archive: ArchiveImage;
  /** The format the file was read in (absent for an image built in memory or a missing file). */
  readFormat?: number;
}

/**
 * Format 2 ends in `],"check":{"head":<crc32 of the head line>,"tickets":<8 hex digits per ticket
 * line>}}`, so a changed, missing or moved line is found on open. Format 1 (no checks) is still read;
 * the next snapshot is written in format 2.
 */
export const snapshotFormat = 2;
const legacyFormat = 1;

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

/** The head line: everything but the tickets, ending where the ticket array opens. */
function headLine(image: SnapshotImage): string {
  const meta = Object.entries(image.meta)
    .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
    .join(',');
  const archive = Object.entries(image.archive)
    .map(
      ([month, m]) => `${JSON.stringify(month)}:{"facets":${JSON.stringify(m.facets)},"ids":${JSON.stringify(m.ids)}}`,
    )
    .join(',');
  return (
    `{"format":${snapshotFormat},"seq":${image.seq},"savedAt":${JSON.stringify(image.savedAt)},` +
    `"sequences":${JSON.stringify(image.sequences)},"meta":{${meta}},"archive":{${archive}},"tickets":[`
  );
}

/** Head, tickets one per line in chunks (checksummed as they go out), then the check line. */
function pieces(image: SnapshotImage): Generator<string> {
  return checkedPieces(headLine(image), image.tickets);
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
  // one JSON.parse of the whole text, and its checks are verified on the re-serialised values.
  const split = await splitLineArray(buf, '"tickets":[', isCheckedTail);
  if (split) {
    let head: SnapshotHead | undefined;
    let check: LineCheck | undefined;
    try {
      head = JSON.parse(`${split.head}]}`) as SnapshotHead;
      check = parseCheck(split.tail);
    } catch {
      head = undefined;
    }
    if (head) {
      if (head.format === snapshotFormat) {
        verify(
          path,
          check,
          { head: split.head, headOffset: 0 },
          split.items,
          (i) => split.offsets[i]!,
          split.tailOffset,
        );
      }
      return checked(path, head, split.items);
    }
  }
  let head: SnapshotHead;
  try {
    head = JSON.parse(buf.toString('utf8')) as SnapshotHead;
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    throw storeCorrupt(path, at ? Number(at[1]) : 0, `is not valid JSON (${(e as Error).message})`, e);
  }
  const tickets = (head?.tickets ?? []).map((t) => JSON.stringify(t));
  const image = checked(path, head, tickets);
  if (head.format === snapshotFormat)
    verify(path, (head as { check?: LineCheck }).check, { head: headLine(image), headOffset: 0 }, tickets, () => 0, 0);
  return image;
}

function checked(path: string, head: SnapshotHead, tickets: string[]): SnapshotImage {
  if ((head?.format !== snapshotFormat && head?.format !== legacyFormat) || !Number.isInteger(head.seq)) {
    throw storeCorrupt(
      path,
      0,
      `has format ${String(head?.format)} / seq ${String(head?.seq)}; this version reads formats ${legacyFormat} and ${snapshotFormat}`,
    );
  }
  const archive = head.archive ?? {};
  for (const [month, m] of Object.entries(archive)) {
    if (!/^\d{4}-\d{2}$/.test(month) || !Array.isArray(m?.ids) || typeof m.facets !== 'object' || m.facets === null) {
      throw storeCorrupt(path, 0, `has an archive entry "${month}" without ids and facets`);
    }
  }
  return { ...fromHead(head, tickets), readFormat: head.format };
}
