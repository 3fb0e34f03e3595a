import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Ticket } from '../../core/model/ticket.ts';
import { applyTicketDelta } from '../ticket-delta.ts';
import type { LoadedViews } from '../types.ts';
import { snapshotFile } from './context.ts';
import { acquireDirLock } from './dir-lock.ts';
import { readJournalSince, type TicketRecord } from './journal-since.ts';
import { findSnapshotLines, readSnapshotEnds } from './snapshot-lines.ts';
import { readViewsFile } from './views-file.ts';

const pageSize = 1000;

interface Held {
  version: number;
  json: string;
}

/**
 * The saved views of a lowdb data directory and the tickets changed since they were saved, read
 * without opening the store: what `createLowdbStore(...).open()` then `savedViews.load()` give,
 * at the cost of the views file, the snapshot's two ends and the journal after it, plus the
 * snapshot lines of the few tickets needed (the views' hot lagging tickets and the bases of
 * journal patches), each checked against the snapshot's check line. Holds the directory lock
 * while reading (SWB_STORE_LOCKED when a server holds it) and writes nothing. Anything a plain
 * read cannot settle (views older than the snapshot or from before the trailer named its hot
 * lagging tickets, archived lagging tickets, any damage, a torn tail the open would cut) gives
 * `{ unusable }` with the reason: the caller then opens the store.
 */
export async function readSavedViews(dirPath: string, now = new Date()): Promise<LoadedViews | { unusable: string }> {
  const dir = resolve(dirPath);
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return { unusable: `${dir} is not a data directory yet` };
  const lock = await acquireDirLock(dir, now.toISOString());
  try {
    const read = await readUnderLock(dir);
    return typeof read === 'string' ? { unusable: read } : read;
  } finally {
    await lock.release();
  }
}

async function readUnderLock(dir: string): Promise<LoadedViews | string> {
  const views = await readViewsFile(dir);
  if (typeof views === 'string') return views;
  const { trailer, lines } = views;
  if (!Number.isInteger(trailer.seq)) return 'the saved views do not name the journal record they cover';
  if (!Array.isArray(trailer.hotLagging) || !Array.isArray(trailer.lagging))
    return 'the saved views do not name the hot tickets they lag behind (saved by an older version)';
  if (trailer.lagging.length > 0)
    return `the saved views lag behind ${trailer.lagging.length} archived tickets (they are read from the archive)`;
  const path = join(dir, snapshotFile);
  const ends = await readSnapshotEnds(path);
  if (typeof ends === 'string') return ends;
  if (trailer.seq < ends.seq)
    return `the saved views cover journal record ${trailer.seq}, the snapshot ${ends.seq} (saved without them)`;
  const journal = await readJournalSince(dir, ends.seq);
  if (typeof journal === 'string') return journal;
  if (trailer.seq > journal.lastSeq)
    return `the saved views cover journal record ${trailer.seq}, but the store holds only ${journal.lastSeq}`;
  const changed = await currentTexts(path, ends, journal.records, trailer.hotLagging);
  if (typeof changed === 'string') return changed;
  return {
    lines,
    async *changed(versionOf) {
      let page: Ticket[] = [];
      for (const [id, held] of changed) {
        if (versionOf(id) === held.version) continue;
        page.push(JSON.parse(held.json) as Ticket);
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },
  };
}

const parsedVersion = (json: string): { id: string; version: number } | undefined => {
  const t = JSON.parse(json) as { id?: unknown; version?: unknown };
  return typeof t?.id === 'string' && typeof t.version === 'number' ? { id: t.id, version: t.version } : undefined;
};

/**
 * The current text of every ticket the journal touches or the views lag behind: the journal's
 * records applied in order onto the snapshot's lines, as the open's replay does.
 */
async function currentTexts(
  path: string,
  ends: Awaited<ReturnType<typeof readSnapshotEnds>> & object,
  records: TicketRecord[],
  hotLagging: readonly string[],
): Promise<Map<string, Held> | string> {
  const puts: ({ id: string; version: number } | undefined)[] = [];
  const touched = new Set<string>();
  const fromSnapshot = new Set<string>();
  for (const r of records) {
    const put = r.op === 'put' ? parsedVersion(r.json) : undefined;
    if (r.op === 'put' && !put) return 'the journal holds a ticket without id or version';
    puts.push(put);
    const id = put ? put.id : (r as Extract<TicketRecord, { op: 'patch' }>).id;
    if (!touched.has(id) && r.op === 'patch') fromSnapshot.add(id);
    touched.add(id);
  }
  for (const id of hotLagging) if (!touched.has(id)) fromSnapshot.add(id);
  const lines = await findSnapshotLines(path, ends, fromSnapshot);
  if (typeof lines === 'string') return lines;
  const held = new Map<string, Held>();
  for (const [id, json] of lines) {
    const parsed = parsedVersion(json);
    if (parsed?.id !== id) return `${path} holds a ticket line for ${id} without its version`;
    held.set(id, { version: parsed.version, json });
  }
  for (const id of fromSnapshot)
    if (!held.has(id)) return `ticket ${id} is neither in ${path} nor in the journal before its change`;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.op === 'put') {
      held.set(puts[i]!.id, { version: puts[i]!.version, json: r.json });
      continue;
    }
    const base = held.get(r.id);
    if (base?.version !== r.from)
      return `the journal changes ticket ${r.id} from version ${r.from}, not the one stored`;
    const json = applyTicketDelta(base.json, r.json);
    const parsed = json === undefined ? undefined : parsedVersion(json);
    if (!parsed) return `the journal holds a change of ticket ${r.id} that does not fit its stored text`;
    held.set(r.id, { version: parsed.version, json: json! });
  }
  return held;
}
