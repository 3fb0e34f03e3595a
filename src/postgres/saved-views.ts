import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { systemClock, type Clock, type TimerHandle } from '../core/util/clock.ts';
import type { Ticket } from '../core/model/ticket.ts';
import type { LoadedViews, SavedViewsSlot, ViewsCapture } from '../store/types.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';
import { joinParts, textParts } from './views-parts.ts';

const format = 2;
const idsPerPage = 20_000;
/** Characters a part holds at most (a row's text may be 1 GB; a few MB keeps every message small). */
const defaultPartChars = 8_000_000;
/** Characters one INSERT carries at most, and parts one SELECT reads at most. */
const statementChars = 64_000_000;
const partsPerRead = 8;

interface Head {
  format: number;
  lines: number;
  parts: number;
  sha256: string;
  savedAt: string;
}

/**
 * The views saved in `saved_views`: the head in part 0, then the text of the lines (each line
 * and a newline) cut into parts of at most `partChars` characters (a line longer than that runs
 * over several parts), replaced in one transaction (on a timer and at close), so a reader sees
 * one whole save or the one before. What changed since is found exactly: every ticket whose
 * version differs from the views' (a scan of ids and versions only), then those tickets are
 * read. Several processes on one database hold the same views (cluster-views.ts): whichever
 * saves last is what the next start loads.
 */
export function createPostgresSavedViews(
  pool: Pool,
  n: SqlNames,
  read: (ids: string[]) => Promise<Ticket[]>,
  opts: { everyMs?: number; clock?: Clock; partChars?: number } = {},
): SavedViewsSlot & { save(): Promise<void>; stop(): void } {
  const clock = opts.clock ?? systemClock;
  const everyMs = opts.everyMs ?? 300_000;
  const partChars = Math.max(2, Math.floor(opts.partChars ?? defaultPartChars));
  let capture: ((limits: { pieceChars?: number }) => ViewsCapture) | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;
  let saving: Promise<void> | undefined;
  const save = async () => {
    if (!capture) return;
    const { lines } = capture({ pieceChars: partChars });
    const client = await pool.connect();
    try {
      await guarded('saving the views', async () => {
        await client.query('BEGIN');
        await client.query(`DELETE FROM ${n.savedViews}`);
        const hash = createHash('sha256');
        let batch: string[] = [];
        let chars = 0;
        let next = 1;
        for (const part of textParts(lines, partChars)) {
          hash.update(part);
          if (batch.length > 0 && (chars + part.length > statementChars || batch.length >= 500)) {
            next = await insertParts(client, n, next, batch);
            batch = [];
            chars = 0;
          }
          batch.push(part);
          chars += part.length;
        }
        if (batch.length > 0) next = await insertParts(client, n, next, batch);
        const head: Head = {
          format,
          lines: lines.length,
          parts: next - 1,
          sha256: hash.digest('hex'),
          savedAt: clock.now().toISOString(),
        };
        await insertParts(client, n, 0, [JSON.stringify(head)]);
        await client.query('COMMIT');
      });
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  const saveOnce = () => {
    saving ??= save().finally(() => {
      saving = undefined;
    });
    return saving;
  };
  const arm = () => {
    if (stopped || everyMs <= 0) return;
    timer = clock.setTimer(
      () =>
        saveOnce()
          .catch(() => undefined)
          .finally(arm),
      everyMs,
    );
  };
  return {
    keep(c) {
      capture = c;
      if (!timer) arm();
    },
    async save() {
      while (saving) await saving.catch(() => undefined);
      await saveOnce();
    },
    stop() {
      stopped = true;
      if (timer) clock.clearTimer(timer);
      timer = undefined;
    },
    async load(): Promise<LoadedViews | { unusable: string }> {
      const first = await readParts(pool, n, 0, 1);
      if (first.length === 0) return { unusable: `${n.savedViews} holds no saved views` };
      let head: Head;
      try {
        head = JSON.parse(first[0]!.body) as Head;
      } catch {
        return { unusable: `${n.savedViews} part 0 is not the head of saved views` };
      }
      if (first[0]!.part !== 0 || head?.format !== format)
        return { unusable: `${n.savedViews} holds format ${head?.format}, this version reads format ${format}` };
      const hash = createHash('sha256');
      const joined = joinParts();
      for (let from = 1; from <= head.parts; from += partsPerRead) {
        const rows = await readParts(pool, n, from, Math.min(partsPerRead, head.parts - from + 1));
        if (rows.some((r, i) => r.part !== from + i) || rows.length !== Math.min(partsPerRead, head.parts - from + 1))
          return { unusable: `${n.savedViews} fails its checksum (parts missing or changed)` };
        for (const r of rows) {
          hash.update(r.body);
          joined.add(r.body);
        }
      }
      const lines = joined.end();
      if (lines === undefined || lines.length !== head.lines || hash.digest('hex') !== head.sha256)
        return { unusable: `${n.savedViews} fails its checksum (parts missing or changed)` };
      return {
        lines,
        async *changed(versionOf) {
          let after = '';
          for (;;) {
            const page = await guarded('reading ticket versions', () =>
              pool.query<{ id: string; version: number }>(
                `SELECT id, version FROM ${n.tickets} WHERE id > $1 ORDER BY id LIMIT ${idsPerPage}`,
                [after],
              ),
            );
            const stale = page.rows.filter((r) => versionOf(r.id) !== r.version).map((r) => r.id);
            for (let i = 0; i < stale.length; i += 500) yield await read(stale.slice(i, i + 500));
            if (page.rows.length < idsPerPage) return;
            after = page.rows[page.rows.length - 1]!.id;
          }
        },
      };
    },
  };
}

/** Inserts parts numbered from `first`; the number after the last. */
async function insertParts(client: PoolClient, n: SqlNames, first: number, bodies: string[]): Promise<number> {
  const values = bodies.map((_, i) => `($${2 * i + 1}::int, $${2 * i + 2}::text)`).join(', ');
  await client.query(
    `INSERT INTO ${n.savedViews} (part, body) VALUES ${values}`,
    bodies.flatMap((body, i) => [first + i, body]),
  );
  return first + bodies.length;
}

function readParts(pool: Pool, n: SqlNames, from: number, count: number) {
  return guarded('reading the saved views', async () => {
    const res = await pool.query<{ part: number; body: string }>(
      `SELECT part, body FROM ${n.savedViews} WHERE part >= $1 ORDER BY part LIMIT $2`,
      [from, count],
    );
    return res.rows;
  });
}
