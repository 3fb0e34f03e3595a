import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLowdbStore, type LowdbStore, type LowdbStoreOptions } from '../../src/store/lowdb/index.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import { planArchive } from '../../src/store/lowdb/archive-plan.ts';
import { createArchiveState } from '../../src/store/lowdb/archive-state.ts';
import { toRow } from '../../src/store/ticket-row.ts';
import { compareKeys } from '../../src/store/ticket-table.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'swb-archive-'));
const at = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day, 9)).toISOString();

/** Ticket i: created in January or February; closed ones closed on the 20th of their month. */
function ticket(i: number, closed: boolean, overrides: Partial<Ticket> = {}): Ticket {
  const month = 1 + (i % 2);
  const createdAt = at(month, 1 + (i % 19));
  return makeTicket({
    id: `a${String(i).padStart(3, '0')}`,
    createdAt,
    updatedAt: closed ? at(month, 20) : createdAt,
    status: closed ? 'closed' : 'open',
    ...(closed ? { closedAt: at(month, 20) } : {}),
    ...overrides,
  });
}

async function listAllIds(store: LowdbStore, filter: { status?: string[] } = {}): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...filter, limit: 7, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((t) => t.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('lowdb monthly archives', () => {
  const dirs: string[] = [];
  const stores: LowdbStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  async function openAt(
    dir: string,
    clock: ManualClock,
    options: Partial<LowdbStoreOptions> = {},
  ): Promise<LowdbStore> {
    const store = createLowdbStore({ dir, clock, snapshotEveryRecords: 1e9, snapshotEveryMs: 0, ...options });
    await store.open();
    stores.push(store);
    return store;
  }

  /** 40 tickets, half of them closed, in January and February; returns them by id. */
  async function seeded(options: Partial<LowdbStoreOptions> = {}) {
    const dir = await tempDir();
    dirs.push(dir);
    const clock = createManualClock('2026-03-01T00:00:00Z');
    const store = await openAt(dir, clock, options);
    const tickets = Array.from({ length: 40 }, (_, i) => ticket(i, i % 4 < 2));
    for (const t of tickets) await store.insert(t);
    return { dir, clock, store, tickets: new Map(tickets.map((t) => [t.id, t])) };
  }

  async function copyDir(from: string): Promise<string> {
    const to = await tempDir();
    dirs.push(to);
    await cp(from, to, { recursive: true, filter: (src) => !src.endsWith('switchboard.lock') });
    return to;
  }

  it('moves closed tickets older than the age into month files at compaction, keyed by createdAt month', async () => {
    const { dir, clock, store, tickets } = await seeded();
    clock.set('2026-02-15T00:00:00Z');
    await store.compact();
    expect(store.stats().archive).toMatchObject({ tickets: 0 }); // January's closes are 26 days old
    clock.set('2026-03-25T00:00:00Z'); // January's closes are 64 days old, February's 33
    const before = (await stat(join(dir, 'tickets.json'))).size;
    await store.compact(); // no journal records since the last snapshot: archiving alone is reason enough
    expect(store.stats()).toMatchObject({ tickets: 20, archive: { tickets: 20, months: 2 } });
    expect((await readdir(join(dir, 'archive'))).sort()).toEqual(['2026-01.json', '2026-02.json']);
    const snapshot = JSON.parse(await readFile(join(dir, 'tickets.json'), 'utf8'));
    expect(snapshot.tickets.map((t: Ticket) => t.status)).toEqual(Array(20).fill('open'));
    expect(snapshot.archive['2026-01'].ids).toHaveLength(10);
    expect(snapshot.archive['2026-01'].facets.status).toEqual(['closed']);
    expect((await stat(join(dir, 'tickets.json'))).size).toBeLessThan(before * 0.6);
    const january = JSON.parse(await readFile(join(dir, 'archive', '2026-01.json'), 'utf8'));
    expect(january).toMatchObject({ format: 2, month: '2026-01' });
    expect(january.tickets).toEqual(
      [...tickets.values()]
        .filter((t) => t.status === 'closed' && t.createdAt < at(2, 1))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)),
    );
  });

  it('archives at most archivePerSnapshot tickets per snapshot, the oldest closes first', async () => {
    const { store } = await seeded({ archivePerSnapshot: 8 });
    await store.compact(); // 2026-03-01: January's closes are 40 days old, February's 9
    expect(store.stats()).toMatchObject({ tickets: 32, archive: { tickets: 8 }, lastSnapshot: { archived: 8 } });
    await store.compact();
    expect(store.stats()).toMatchObject({ tickets: 30, archive: { tickets: 10 }, lastSnapshot: { archived: 2 } });
    expect((await listAllIds(store, { status: ['closed'] })).length).toBe(20); // archived ones still listed
  });

  it('keeps archived tickets readable after reopen, loading months only when asked', async () => {
    const { dir, clock, store, tickets } = await seeded();
    clock.set('2026-04-01T00:00:00Z');
    await store.compact();
    await store.close();
    const again = await openAt(dir, clock, { archiveCacheMonths: 1 });
    expect(again.stats()).toMatchObject({ tickets: 20, archive: { tickets: 20, months: 2, cachedMonths: 0 } });
    expect((await again.list({ status: ['open'], limit: 500 })).items).toHaveLength(20);
    expect(again.stats().archive.cachedMonths).toBe(0); // facets say no archived ticket is open
    for (const t of tickets.values()) expect(await again.get(t.id)).toEqual(t);
    const want = [...tickets.values()]
      .sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : -1))
      .map((t) => t.id);
    expect(await listAllIds(again)).toEqual(want);
    expect(await listAllIds(again, { status: ['closed'] })).toEqual(
      want.filter((id) => tickets.get(id)!.status === 'closed'),
    );
    expect(again.stats().archive.cachedMonths).toBe(1);
    expect((await again.openTickets()).length).toBe(20);
  });

  it('never archives when archiveClosedAfterDays is 0', async () => {
    const { dir, clock, store } = await seeded({ archiveClosedAfterDays: 0 });
    clock.set('2027-01-01T00:00:00Z');
    await store.compact();
    expect(store.stats().archive.tickets).toBe(0);
    expect(await readdir(dir)).not.toContain('archive');
  });

  it('brings an updated archived ticket back to the hot state, then archives the new version', async () => {
    const { dir, clock, store, tickets } = await seeded();
    clock.set('2026-04-01T00:00:00Z');
    await store.compact();
    const old = tickets.get('a000')!;
    const rated = { ...old, version: 2, csat: { score: 5, at: '2026-04-01T00:00:00.000Z' } };
    await store.update(rated, 1);
    expect(store.stats()).toMatchObject({ tickets: 21, archive: { tickets: 19 } });
    await expect(store.update({ ...rated, version: 2 }, 1)).rejects.toMatchObject({ code: 'SWB_STORE_CONFLICT' });
    expect((await listAllIds(store)).filter((id) => id === 'a000')).toHaveLength(1);
    await store.compact();
    expect(store.stats()).toMatchObject({ tickets: 20, archive: { tickets: 20 } });
    const january = JSON.parse(await readFile(join(dir, 'archive', '2026-01.json'), 'utf8'));
    expect(january.tickets.filter((t: Ticket) => t.id === 'a000')).toEqual([rated]);
    await store.close();
    const again = await openAt(dir, clock);
    expect(await again.get('a000')).toEqual(rated);
  });

  it('removes a torn temp archive file on open', async () => {
    const { dir, clock, store, tickets } = await seeded();
    clock.set('2026-04-01T00:00:00Z');
    await store.compact();
    await store.close();
    await writeFile(
      join(dir, 'archive', '2026-01.json.123.abcdef.tmp'),
      '{"format":1,"month":"2026-01","tickets":[\n{"id":',
    );
    const again = await openAt(dir, clock);
    expect(await readdir(join(dir, 'archive'))).toEqual(['2026-01.json', '2026-02.json']);
    expect((await listAllIds(again)).sort()).toEqual([...tickets.keys()].sort());
  });

  it('has every ticket exactly once when the archive was written but the snapshot was not renamed', async () => {
    const { dir, clock, store, tickets } = await seeded();
    const before = await copyDir(dir); // as a crash would leave it: no snapshot yet, the journal with every insert
    clock.set('2026-04-01T00:00:00Z');
    await store.compact();
    await cp(join(dir, 'archive'), join(before, 'archive'), { recursive: true }); // the month files made it, the snapshot did not
    const again = await openAt(before, clock);
    expect(again.stats()).toMatchObject({ tickets: 40, archive: { tickets: 0 } });
    const ids = await listAllIds(again);
    expect(ids.sort()).toEqual([...tickets.keys()].sort());
    for (const t of tickets.values()) expect(await again.get(t.id)).toEqual(t);
    await again.compact(); // and archiving again over the leftover month files is clean
    expect(again.stats()).toMatchObject({ tickets: 20, archive: { tickets: 20 } });
    expect((await listAllIds(again)).sort()).toEqual([...tickets.keys()].sort());
  });

  it('resolves a ticket in both an archive and the journal to the journal (hot) copy', async () => {
    const { dir, clock, store, tickets } = await seeded({ snapshotOnClose: false });
    clock.set('2026-04-01T00:00:00Z');
    await store.compact();
    const snapshotted = await copyDir(dir); // archived a000 (v1) in 2026-01.json and the snapshot that says so
    const rated = { ...tickets.get('a000')!, version: 2, csat: { score: 2, at: '2026-04-01T00:00:00.000Z' } };
    await store.update(rated, 1); // acknowledged: in the journal only
    const afterUpdate = await copyDir(dir);
    await store.insert(ticket(100, true, { createdAt: at(1, 30), closedAt: at(1, 30), updatedAt: at(1, 30) }));
    await store.compact(); // rewrites 2026-01.json: without the stale a000, with a100
    // Crash after that month file was renamed but before its snapshot: old snapshot + journal + new month file.
    await cp(join(dir, 'archive', '2026-01.json'), join(afterUpdate, 'archive', '2026-01.json'));
    for (const d of [snapshotted, afterUpdate]) {
      const s = await openAt(d, clock);
      const ids = await listAllIds(s);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
      expect(await s.get('a000')).toEqual(d === afterUpdate ? rated : tickets.get('a000'));
      for (const t of tickets.values()) if (t.id !== 'a000') expect(await s.get(t.id)).toEqual(t);
      await s.close();
    }
  });

  it('fails with SWB_STORE_CORRUPT naming the file when an archive month is missing', async () => {
    const { dir, clock, store } = await seeded();
    clock.set('2026-04-01T00:00:00Z');
    await store.compact();
    await store.close();
    await rm(join(dir, 'archive', '2026-02.json'));
    const again = await openAt(dir, clock);
    expect(await again.get('a000')).toBeDefined(); // January is intact
    const error = await again.get('a001').then(
      () => undefined,
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error?.code).toBe('SWB_STORE_CORRUPT');
    expect(error?.message).toContain('2026-02.json');
  });
});

describe('archive plan', () => {
  it('moves at most the cap per compaction, oldest due first, keeping list order', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ticket(i, i !== 4))
      .map((t) => toRow(t))
      .sort(compareKeys);
    const plan = planArchive(rows, Date.parse('2026-12-01T00:00:00Z'), createArchiveState('/nowhere', {}, 1), 3);
    const moved = [...plan.moving.values()].flat();
    expect(moved).toHaveLength(3);
    const dueOldestFirst = rows
      .filter((r) => r.closed)
      .reverse()
      .slice(0, 3)
      .map((r) => r.id);
    expect(moved.map((r) => r.id).sort()).toEqual(dueOldestFirst.sort());
    expect(plan.hot.map((json) => JSON.parse(json).id)).toEqual(
      rows.filter((r) => !dueOldestFirst.includes(r.id)).map((r) => r.id),
    );
    for (const list of plan.moving.values()) expect([...list].sort(compareKeys)).toEqual(list);
  });
});
