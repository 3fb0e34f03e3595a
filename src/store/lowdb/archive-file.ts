import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SwitchboardError } from '../../core/errors/switchboard-error.ts';
import { rowFromJson, type TicketRow } from '../ticket-row.ts';
import { compareKeys } from '../ticket-table.ts';
import { itemChunks, splitLineArray, writeFileDurably } from './line-file.ts';
import type { MonthKey } from './archive-month.ts';

export const archiveDirName = 'archive';
export const archiveFormat = 1;
/** Parsing costs about 13 µs per ticket: a month is parsed in slices between event-loop turns. */
const sliceSize = 1000;

export function archivePath(dir: string, month: MonthKey): string {
  return join(dir, archiveDirName, `${month}.json`);
}

/**
 * Writes one month file (`archive/2026-10.json`): `{"format":1,"month":"2026-10","tickets":[`,
 * one ticket per line in list order, `]}`. Temp name, fsync, rename; the caller fsyncs the
 * directory before anything depends on the file.
 */
export async function writeArchiveMonth(dir: string, month: MonthKey, rows: readonly TicketRow[]): Promise<void> {
  const json = rows.map((r) => r.json);
  function* pieces(): Generator<string> {
    yield `{"format":${archiveFormat},"month":${JSON.stringify(month)},"tickets":[\n`;
    yield* itemChunks(json);
    yield ']}\n';
  }
  await writeFileDurably(archivePath(dir, month), pieces());
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
  const split = await splitLineArray(buf, '"tickets":[');
  let items: string[];
  if (split) {
    items = split.items;
  } else {
    try {
      const whole = JSON.parse(buf.toString('utf8')) as { tickets?: unknown[] };
      items = (whole.tickets ?? []).map((t) => JSON.stringify(t));
    } catch (e) {
      throw corrupt('is not valid JSON', e);
    }
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
