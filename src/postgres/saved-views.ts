import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Ticket } from '../core/model/ticket.ts';
import type { LoadedViews, SavedViewsSlot, ViewsCapture } from '../store/types.ts';
import { guarded } from './pg-errors.ts';
import type { SqlNames } from './sql-names.ts';

const format = 1;
const linesPerPart = 2000;
const idsPerPage = 20_000;

interface Head {
  format: number;
  lines: number;
  sha256: string;
  savedAt: string;
}

const digest = (lines: readonly string[]) => {
  const h = createHash('sha256');
  for (const l of lines) h.update(l).update('\n');
  return h.digest('hex');
};

/**
 * The views saved in `saved_views`: the head in part 0, the lines in parts of 2,000, replaced in
 * one transaction (on a timer and at close), so a reader sees one whole save or the one before.
 * What changed since is found exactly: every ticket whose version differs from the views' (a
 * scan of ids and versions only), then those tickets are read. Several processes on one
 * database hold the same views (cluster-views.ts): whichever saves last is what the next start
 * loads.
 */
export function createPostgresSavedViews(
  pool: Pool,
  n: SqlNames,
  read: (ids: string[]) => Promise<Ticket[]>,
  opts: { everyMs?: number } = {},
): SavedViewsSlot & { save(): Promise<void>; stop(): void } {
  let capture: (() => ViewsCapture) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let saving: Promise<void> | undefined;
  const save = async () => {
    if (!capture) return;
    const { lines } = capture();
    const head: Head = { format, lines: lines.length, sha256: digest(lines), savedAt: new Date().toISOString() };
    const parts = [JSON.stringify(head)];
    for (let i = 0; i < lines.length; i += linesPerPart) parts.push(lines.slice(i, i + linesPerPart).join('\n'));
    const client = await pool.connect();
    try {
      await guarded('saving the views', async () => {
        await client.query('BEGIN');
        await client.query(`DELETE FROM ${n.savedViews}`);
        await client.query(`INSERT INTO ${n.savedViews} (part, body) SELECT * FROM unnest($1::int[], $2::text[])`, [
          parts.map((_, i) => i),
          parts,
        ]);
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
  return {
    keep(c) {
      capture = c;
      if (!timer && (opts.everyMs ?? 300_000) > 0) {
        timer = setInterval(() => void saveOnce().catch(() => undefined), opts.everyMs ?? 300_000);
        timer.unref();
      }
    },
    async save() {
      while (saving) await saving.catch(() => undefined);
      await saveOnce();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    async load(): Promise<LoadedViews | { unusable: string }> {
      const res = await guarded('reading the saved views', () =>
        pool.query<{ part: number; body: string }>(`SELECT part, body FROM ${n.savedViews} ORDER BY part`),
      );
      if (res.rows.length === 0) return { unusable: `${n.savedViews} holds no saved views` };
      let head: Head;
      try {
        head = JSON.parse(res.rows[0]!.body) as Head;
      } catch {
        return { unusable: `${n.savedViews} part 0 is not the head of saved views` };
      }
      if (head.format !== format)
        return { unusable: `${n.savedViews} holds format ${head.format}, this version reads format ${format}` };
      const lines = res.rows.slice(1).flatMap((r) => r.body.split('\n'));
      if (res.rows.some((r, i) => r.part !== i) || lines.length !== head.lines || digest(lines) !== head.sha256)
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
