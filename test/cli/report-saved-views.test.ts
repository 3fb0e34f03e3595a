import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { readSavedMetrics } from '../../src/core/metrics/saved-metrics.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { readViewsFile } from '../../src/store/lowdb/views-file.ts';
import { deltaMinBytes } from '../../src/store/ticket-delta.ts';
import { buildFixtureData } from '../metrics/fixture-data.ts';
import { tempDir } from '../helpers/server.ts';

// `switchboard report daily --data DIR` reads the saved aggregates and only what changed since,
// without opening the store; whenever that read cannot be settled it opens the store as before.
const day = '2026-10-14';
const dayStart = Date.parse('2026-10-13T16:00:00Z'); // 14 October 00:00 in Shanghai, the fixture's zone

let root: { dir: string; remove: () => Promise<void> };
let built: Awaited<ReturnType<typeof buildFixtureData>>;
let n = 0;
beforeAll(async () => {
  root = await tempDir('swb-report-views-');
  built = await buildFixtureData(root.dir); // a month of tickets, closed with a snapshot and the views
});
afterAll(() => root.remove());

/** A fresh copy of the fixture data directory for one test. */
let dataDir = '';
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});
async function freshData(): Promise<string> {
  dataDir = join(root.dir, `data-${++n}`);
  await cp(built.dataDir, dataDir, { recursive: true });
  return dataDir;
}

async function report(dir: string): Promise<{ code: number; said: string[]; json: unknown }> {
  const out = join(root.dir, `out-${++n}`);
  const said: string[] = [];
  const code = await run(
    ['report', 'daily', '--date', day, '--data', dir, '--config', built.policyFile, '--out', out],
    {
      out: () => undefined,
      err: (l) => said.push(l),
    },
  );
  const json = code === 0 ? JSON.parse(await readFile(join(out, `daily-${day}.json`), 'utf8')) : undefined;
  return { code, said, json };
}

/** The report of the store opened whole (the views file's trailer as older versions wrote it). */
async function fullReport(dir: string) {
  const copy = join(root.dir, `full-${++n}`);
  await cp(dir, copy, { recursive: true });
  await stripHotLagging(copy);
  const r = await report(copy);
  expect(r.said.join('\n')).toMatch(/opening the whole store, since the saved views do not name the hot tickets/);
  expect(r.said.join('\n')).not.toMatch(/reading every ticket/);
  await rm(copy, { recursive: true, force: true });
  return r.json;
}

async function stripHotLagging(dir: string): Promise<void> {
  const path = join(dir, 'views.ndjson');
  const text = await readFile(path, 'utf8');
  const cut = text.lastIndexOf('\n', text.length - 2) + 1;
  const trailer = JSON.parse(text.slice(cut)) as Record<string, unknown>;
  delete trailer.hotLagging;
  await writeFile(path, `${text.slice(0, cut)}${JSON.stringify(trailer)}\n`);
}

async function fileHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return out;
}

/** Changes tickets straight in the store (no runtime, so no views are saved); `compact` then snapshots. */
async function changeTickets(dir: string, change: (t: Ticket, i: number) => Ticket | undefined, compact = false) {
  const store = createLowdbStore({ dir, snapshotOnClose: false, snapshotEveryMs: 0, archiveClosedAfterDays: false });
  await store.open();
  const changed: string[] = [];
  try {
    const { items } = await store.list({ limit: 1000 });
    const ofDay = items.filter(
      (t) => Date.parse(t.createdAt) >= dayStart && Date.parse(t.createdAt) < dayStart + 864e5,
    );
    for (let i = 0; i < ofDay.length; i++) {
      const next = change(ofDay[i]!, i);
      if (!next) continue;
      await store.update({ ...next, version: ofDay[i]!.version + 1 }, ofDay[i]!.version);
      changed.push(next.id);
    }
    if (compact) {
      // what a running server's compaction saves: the views as they were, which miss these changes
      const saved = await readViewsFile(dir);
      if (typeof saved === 'string') throw new Error(saved);
      const head = JSON.parse(saved.lines[0]!) as { metrics: number };
      const metrics = readSavedMetrics(saved.lines.slice(1, 1 + head.metrics));
      if (typeof metrics === 'string') throw new Error(metrics);
      store.savedViews.keep(() => ({ lines: saved.lines, versionOf: (id) => metrics.tickets.get(id)?.version }));
      await store.compact();
    }
  } finally {
    await store.close();
  }
  return changed;
}

const toChat = (t: Ticket): Ticket => ({ ...t, channel: t.channel === 'chat' ? 'email' : 'chat' });

describe('switchboard report daily over a lowdb data directory', () => {
  it('with views exactly current: the full report from the views alone, and not one byte of the store changes', async () => {
    const dir = await freshData();
    const before = await fileHashes(dir);
    const fast = await report(dir);
    expect(fast.code, fast.said.join('\n')).toBe(0);
    expect(fast.said).toEqual([]);
    expect(await fileHashes(dir)).toEqual(before);
    expect((fast.json as { day: { tickets: number } }).day.tickets).toBeGreaterThan(0);
    expect(fast.json).toEqual(await fullReport(dir));
  });

  it('with tickets changed since the views were saved (whole and patched in the journal)', async () => {
    const dir = await freshData();
    const unchanged = (await report(dir)).json;
    const big = 'x'.repeat(deltaMinBytes + 100);
    // the first change makes tickets large (journaled whole), the second is journaled as a patch
    const changed = await changeTickets(dir, (t, i) => (i < 4 ? { ...t, description: big } : toChat(t)));
    await changeTickets(dir, (t, i) => (i < 4 ? toChat(t) : undefined));
    expect(changed.length).toBeGreaterThan(4);
    const journal = (await readdir(dir)).filter((f) => f.startsWith('journal-'));
    const records = (await Promise.all(journal.map((f) => readFile(join(dir, f), 'utf8')))).join('');
    expect(records).toContain('"op":"patch"');
    const before = await fileHashes(dir);
    const fast = await report(dir);
    expect(fast.said).toEqual([]);
    expect(await fileHashes(dir)).toEqual(before);
    expect(fast.json).not.toEqual(unchanged);
    expect(fast.json).toEqual(await fullReport(dir));
  });

  it('with hot tickets the views had not applied when saved (named in the trailer)', async () => {
    const dir = await freshData();
    const unchanged = (await report(dir)).json;
    const changed = await changeTickets(dir, (t, i) => (i < 3 ? toChat(t) : undefined), true);
    const saved = await readViewsFile(dir);
    if (typeof saved === 'string') throw new Error(saved);
    expect(saved.trailer.hotLagging).toEqual(expect.arrayContaining(changed));
    expect(saved.trailer.hotLagging).toHaveLength(changed.length);
    expect((await readdir(dir)).filter((f) => f.startsWith('journal-'))).toHaveLength(1); // an empty segment
    const fast = await report(dir);
    expect(fast.said).toEqual([]);
    expect(fast.json).not.toEqual(unchanged);
    expect(fast.json).toEqual(await fullReport(dir));
  });

  it('refuses while a server holds the data directory, pointing at --server', async () => {
    const dir = await freshData();
    const server = createLowdbStore({ dir }); // this process holds the lock, as a running server does
    await server.open();
    try {
      const r = await report(dir);
      expect(r.code).toBe(1);
      expect(r.said.join('\n')).toMatch(/SWB_STORE_LOCKED .*go through it: pass --server URL --token T/);
    } finally {
      await server.close();
    }
  });

  it('views older than the snapshot: the store is opened, which reads every ticket', async () => {
    const dir = await freshData();
    await changeTickets(dir, (t, i) => (i < 2 ? toChat(t) : undefined));
    const store = createLowdbStore({ dir });
    await store.open();
    await store.close(); // a snapshot, and nothing registered views to save with it
    const r = await report(dir);
    expect(r.code).toBe(0);
    expect(r.said.join('\n')).toMatch(
      /opening the whole store, since the saved views cover journal record \d+, the snapshot \d+ \(saved without them\)/,
    );
    expect(r.said.join('\n')).toMatch(/reading every ticket/);
  });

  it('a torn last journal write: the store is opened, which cuts it, and the numbers are the same', async () => {
    const dir = await freshData();
    await changeTickets(dir, (t, i) => (i < 3 ? toChat(t) : undefined));
    const expected = await fullReport(dir);
    const [segment] = (await readdir(dir))
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .slice(-1);
    await writeFile(join(dir, segment!), Buffer.alloc(100), { flag: 'a' }); // a power loss leaves zeros
    const r = await report(dir);
    expect(r.said.join('\n')).toMatch(
      /opening the whole store, since .*journal-\d+\.ndjson holds a damaged or unfinished record/,
    );
    expect(r.json).toEqual(expected);
  });

  it('a damaged journal record: the store is opened, which refuses it as corrupt', async () => {
    const dir = await freshData();
    await changeTickets(dir, (t, i) => (i < 3 ? toChat(t) : undefined));
    const [segment] = (await readdir(dir))
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .slice(-1);
    const path = join(dir, segment!);
    const text = await readFile(path, 'utf8');
    const at = text.indexOf('"channel":"') + 11;
    await writeFile(path, `${text.slice(0, at)}Q${text.slice(at + 1)}`);
    const r = await report(dir);
    expect(r.code).not.toBe(0);
    expect(r.said.join('\n')).toMatch(
      /opening the whole store, since .*holds a damaged or unfinished record at byte \d+/,
    );
    expect(r.said.join('\n')).toMatch(/SWB_STORE_CORRUPT/);
  });
});
