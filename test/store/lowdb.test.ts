import { afterEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLowdbStore, type LowdbStore, type LowdbStoreOptions } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';
import { runStoreContract } from './contract.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'swb-lowdb-'));

runStoreContract('lowdb', async () => {
  const dir = await tempDir();
  // Snapshot often and skip the snapshot on close, so reopening replays the journal for real.
  // The clock stands months after the fixtures' dates, so closed tickets are archived as soon as
  // a snapshot runs: every contract test also exercises reads across hot and archived tickets.
  const clock = createManualClock('2026-06-01T00:00:00Z');
  const options: LowdbStoreOptions = {
    dir,
    clock,
    snapshotEveryRecords: 20,
    snapshotOnClose: false,
    archiveCacheMonths: 1,
  };
  return {
    store: createLowdbStore(options),
    reopen: async () => createLowdbStore(options),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    clock,
    maintain: (s) => (s as LowdbStore).compact(),
  };
});

runStoreContract('lowdb (snapshot on close, never by count)', async () => {
  const dir = await tempDir();
  const clock = createManualClock('2026-01-05T09:00:00Z');
  const options: LowdbStoreOptions = { dir, clock, snapshotEveryRecords: 1e9 };
  return {
    store: createLowdbStore(options),
    reopen: async () => createLowdbStore(options),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    clock,
    maintain: (s) => (s as LowdbStore).compact(),
  };
});

describe('lowdb store on disk', () => {
  const dirs: string[] = [];
  const stores: LowdbStore[] = [];
  async function setup(options: Partial<LowdbStoreOptions> = {}) {
    const dir = await tempDir();
    dirs.push(dir);
    const store = createLowdbStore({ dir, ...options });
    await store.open();
    stores.push(store);
    return { dir, store };
  }
  /** Opens a second store on a copy of the directory as it is on disk now (no close, no flush). */
  async function openCopy(dir: string) {
    const copy = await tempDir();
    dirs.push(copy);
    for (const name of await readdir(dir)) if (name !== 'switchboard.lock') await cp(join(dir, name), join(copy, name));
    const store = createLowdbStore({ dir: copy });
    await store.open();
    stores.push(store);
    return store;
  }
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('runs where lowdb presets would silently stay in memory', () => {
    expect(process.env.NODE_ENV).toBe('test');
  });

  it('has an acknowledged insert in the journal file before any close or snapshot', async () => {
    const { dir, store } = await setup();
    const t = makeTicket({ id: 'disk-1', subject: 'on disk?' });
    await store.insert(t);
    const names = await readdir(dir);
    const journal = names.filter((n) => n.startsWith('journal-'));
    expect(journal).toHaveLength(1);
    expect(names).not.toContain('tickets.json');
    const text = await readFile(join(dir, journal[0]!), 'utf8');
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^[0-9a-f]{8} \{"s":1,"op":"put","t":/);
    expect(JSON.parse(lines[0]!.slice(9)).t).toEqual(t);
  });

  it('recovers acknowledged writes from the files alone, as after kill -9', async () => {
    const { dir, store } = await setup();
    const tickets = Array.from({ length: 50 }, (_, i) => makeTicket({ id: `k${i}` }));
    await Promise.all(tickets.map((t) => store.insert(t)));
    await store.update(makeTicket({ id: 'k7', version: 2, status: 'open' }), 1);
    await store.setMeta('rr', { next: 2 });
    expect(await Promise.all([store.nextSequence('d'), store.nextSequence('d')])).toEqual([1, 2]);

    const fresh = await openCopy(dir);
    expect((await fresh.list({ limit: 500 })).items).toHaveLength(50);
    expect(await fresh.get('k7')).toEqual(makeTicket({ id: 'k7', version: 2, status: 'open' }));
    expect(await fresh.get('k8')).toEqual(tickets[8]);
    expect(await fresh.getMeta('rr')).toEqual({ next: 2 });
    expect(await fresh.nextSequence('d')).toBe(3);
  });

  it('group-commits concurrent writes: far fewer fsyncs than records', async () => {
    const { store } = await setup();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.insert(makeTicket({ id: `g${i}` }))));
    const { journal } = store.stats();
    expect(journal.records).toBe(200);
    expect(journal.batches).toBeLessThanOrEqual(5);
  });

  it('writes a lowdb snapshot that is plain JSON, then drops the journal it covers', async () => {
    const { dir, store } = await setup();
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.insert(makeTicket({ id: `s${i}` }))));
    await store.setMeta('m', [1, 2]);
    await store.nextSequence('x');
    await store.compact();
    const snapshot = JSON.parse(await readFile(join(dir, 'tickets.json'), 'utf8'));
    expect(snapshot).toMatchObject({ format: 2, seq: 32, sequences: { x: 1 }, meta: { m: [1, 2] } });
    expect(snapshot.tickets).toHaveLength(30);
    expect(snapshot.tickets).toContainEqual(makeTicket({ id: 's4' }));
    // only the (empty, new) segment after the snapshot may remain
    for (const n of (await readdir(dir)).filter((x) => x.startsWith('journal-'))) {
      expect(n).toBe('journal-0000000000000033.ndjson');
    }
    await store.insert(makeTicket({ id: 'after' }));
    const fresh = await openCopy(dir);
    expect((await fresh.list({ limit: 100 })).items).toHaveLength(31);
    expect(await fresh.getMeta('m')).toEqual([1, 2]);
    expect(fresh.stats()).toMatchObject({ snapshotSeq: 32, seq: 33 });
  });

  it('snapshots in the background while writes continue, losing nothing', async () => {
    const { dir, store } = await setup({ snapshotEveryRecords: 25 });
    let version = 1;
    await store.insert(makeTicket({ id: 'hot', version: 1 }));
    for (let round = 0; round < 10; round++) {
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) writes.push(store.insert(makeTicket({ id: `b${round}-${i}` })));
      writes.push(store.update(makeTicket({ id: 'hot', version: version + 1 }), version));
      version++;
      await Promise.all(writes);
    }
    expect(store.stats().snapshots).toBeGreaterThanOrEqual(2);
    // copying files one by one is not an atomic picture of the disk: let the compaction finish
    await expect.poll(() => store.stats().compacting).toBe(false);
    const fresh = await openCopy(dir);
    expect((await fresh.list({ limit: 500 })).items).toHaveLength(201);
    expect((await fresh.get('hot'))?.version).toBe(11);
  });

  it('loads when a compaction was cut short after the snapshot, before the old journal was deleted', async () => {
    const { dir, store } = await setup();
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.insert(makeTicket({ id: `c${i}` }))));
    const oldSegment = (await readdir(dir)).find((n) => n.startsWith('journal-'))!;
    const oldBytes = await readFile(join(dir, oldSegment));
    await store.compact();
    await store.update(makeTicket({ id: 'c1', version: 2, status: 'open' }), 1);
    await writeFile(join(dir, oldSegment), oldBytes); // as if the process died before unlinking it
    await writeFile(join(dir, 'tickets.json.123.abc.tmp'), '{"half":'); // and a torn temp snapshot
    const fresh = await openCopy(dir);
    expect((await fresh.list({ limit: 100 })).items).toHaveLength(10);
    expect((await fresh.get('c1'))?.version).toBe(2);
    expect(fresh.stats()).toMatchObject({ snapshotSeq: 10, seq: 11 });
  });

  it('reads a snapshot that someone pretty-printed, and one without tickets', async () => {
    const { dir, store } = await setup();
    await store.insert(makeTicket({ id: 'p1' }));
    await store.setMeta('k', 'v');
    await store.close();
    const file = join(dir, 'tickets.json');
    const snapshot = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify(snapshot, null, 2));
    const pretty = createLowdbStore({ dir });
    await pretty.open();
    expect(await pretty.get('p1')).toEqual(makeTicket({ id: 'p1' }));
    expect(await pretty.getMeta('k')).toBe('v');
    await pretty.close();

    const empty = await setup();
    await empty.store.setMeta('only', true);
    await empty.store.close();
    expect(await readFile(join(empty.dir, 'tickets.json'), 'utf8')).toMatch(
      /"tickets":\[\n\],"check":\{"head":"[0-9a-f]{8}","tickets":""\}\}\n$/,
    );
    const reread = createLowdbStore({ dir: empty.dir });
    await reread.open();
    expect(await reread.getMeta('only')).toBe(true);
    expect((await reread.list()).items).toEqual([]);
    await reread.close();
  });

  it('refuses to open a snapshot that is not JSON with SWB_STORE_CORRUPT', async () => {
    const { dir, store } = await setup();
    await store.insert(makeTicket({ id: 'p1' }));
    await store.close();
    await writeFile(join(dir, 'tickets.json'), '{"format":1,"seq":1,"tickets":[\n{"id":"p1",\n]}\n');
    await expect(createLowdbStore({ dir }).open()).rejects.toMatchObject({ code: 'SWB_STORE_CORRUPT' });
    // and the failed open released its lock
    expect(await readdir(dir)).not.toContain('switchboard.lock');
  });

  it('refuses to open over a journal with missing records', async () => {
    const { dir, store } = await setup({ snapshotOnClose: false });
    for (let i = 0; i < 3; i++) await store.insert(makeTicket({ id: `m${i}` }));
    await store.close();
    const seg = (await readdir(dir)).find((n) => n.startsWith('journal-'))!;
    const lines = (await readFile(join(dir, seg), 'utf8')).split('\n');
    await writeFile(join(dir, seg), [lines[0], lines[2], ''].join('\n'));
    await rm(join(dir, 'tickets.json'), { force: true });
    const again = createLowdbStore({ dir });
    await expect(again.open()).rejects.toMatchObject({ code: 'SWB_STORE_CORRUPT' });
  });
});
