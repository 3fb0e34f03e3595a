import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { rowFromJson, type TicketRow } from '../ticket-row.ts';
import { compareKeys } from '../ticket-table.ts';
import { checkedPieces, isCheckedTail, type LineCheck, parseCheck, verify } from './checked-lines.ts';
import { splitLineArray, writeFileDurably } from './line-file.ts';
import type { MonthKey } from './archive-month.ts';

export const archiveDirName = 'archive';
/** Format 2 ends in a check line (checked-lines.ts); format 1 files (no checks) are still read. */
export const archiveFormat = 2;
/** Parsing costs about 13 µs per ticket: a month is parsed in slices between event-loop turns. */
const sliceSize = 1000;

export function archivePath(dir: string, month: MonthKey): string {
  return join(dir, archiveDirName, `${month}.json`);
}

const headLine = (month: MonthKey) => `{"format":${archiveFormat},"month":${JSON.stringify(month)},"tickets":[`;

/**
 * Writes one month file (`archive/2026-10.json`): `{"format":2,"month":"2026-10","tickets":[`,
 * one ticket per line in list order, the check line. Temp name, fsync, rename; the caller fsyncs
 * the directory before anything depends on the file.
 */
export async function writeArchiveMonth(dir: string, month: MonthKey, rows: readonly TicketRow[]): Promise<void> {
  await writeFileDurably(
    archivePath(dir, month),
    checkedPieces(
      headLine(month),
      rows.map((r) => r.json),
    ),
  );
}

/** Reads a month file into rows in list order; SWB_STORE_CORRUPT when it is missing or unreadable. */
export async function readArchiveMonth(dir: string, month: MonthKey): Promise<TicketRow[]> {
  const path = archivePath(dir, month);
  const corrupt = (why: string, cause?: unknown) =>
    new SwitchboardError(
      'SWB_STORE_CORRUPT',
      `Archive ${path} ${why}; restore it from a backup.`,
      { path },
      cause === undefined ? undefined : { cause },
    );
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw corrupt('is missing although the snapshot lists tickets in it');
    throw e;
  }
  const split = await splitLineArray(buf, '"tickets":[', isCheckedTail);
  let items: string[];
  if (split) {
    items = split.items;
    let format: unknown;
    let check: LineCheck | undefined;
    try {
      format = (JSON.parse(`${split.head}]}`) as { format?: unknown }).format;
      check = parseCheck(split.tail);
    } catch (e) {
      throw corrupt('has a damaged head or check line', e);
    }
    if (format === archiveFormat)
      verify(path, check, { head: split.head, headOffset: 0 }, items, (i) => split.offsets[i]!, split.tailOffset);
  } else {
    let whole: { format?: unknown; tickets?: unknown[]; check?: LineCheck };
    try {
      whole = JSON.parse(buf.toString('utf8')) as typeof whole;
    } catch (e) {
      throw corrupt('is not valid JSON', e);
    }
    items = (whole.tickets ?? []).map((t) => JSON.stringify(t));
    if (whole.format === archiveFormat)
      verify(path, whole.check, { head: headLine(month), headOffset: 0 }, items, () => 0, 0);
  }
  const rows: TicketRow[] = [];
  let sorted = true;
  try {
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && i % sliceSize === 0) await yieldToLoop();
      const row = rowFromJson(items[i]!);
      if (rows.length > 0 && compareKeys(rows[rows.length - 1]!, row) >= 0) sorted = false;
      rows.push(row);
    }
  } catch (e) {
    throw corrupt('holds a ticket that is not valid JSON', e);
  }
  if (!sorted) rows.sort(compareKeys); // written in order; only a hand-edited file needs this
  return rows;
}
