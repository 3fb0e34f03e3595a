import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLowdbStore, type LowdbStore, type LowdbStoreEvent } from '../../src/store/lowdb/index.ts';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';
import { crashTicket } from './fixtures/crash-ticket.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const writer = 'test/store/fixtures/crash-writer.ts';

interface Trial {
  acked: Map<string, number>;
  seqs: number[];
  killedAfterReady: boolean;
}

/** Runs the writer, SIGKILLs it `killAfterMs` after it is ready (or after spawn), collects acks. */
function crashRun(dir: string, tag: string, killAfterMs: number, beforeReady: boolean): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, tag], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const trial: Trial = { acked: new Map(), seqs: [], killedAfterReady: false };
    let buffered = '';
    let stderr = '';
    const kill = () => setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    if (beforeReady) kill();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // an unfinished line is not an ack
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'ready') {
          trial.killedAfterReady = true;
          if (!beforeReady) kill();
        } else if (kind === 'ack') trial.acked.set(a!, Math.max(trial.acked.get(a!) ?? 0, Number(b)));
        else if (kind === 'seq') trial.seqs.push(Number(a));
      }
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    // 'exit' comes after the kernel reaped the child, so its pid is really gone for the lock check.
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}/${signal}: ${stderr}`));
      else resolve(trial);
    });
  });
}

/** Equal to what the writer wrote at that version; compares JSON text first because toEqual on thousands of tickets is slow. */
function expectIntact(t: Ticket): void {
  const want = crashTicket(t.id, t.version);
  if (JSON.stringify(t) !== JSON.stringify(want)) expect(t).toEqual(want);
}

describe('lowdb store survives kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swb-crash-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has every acknowledged write, intact, after random SIGKILLs', async () => {
    const acked = new Map<string, number>();
    let maxSeq = 0;
    let totalAcks = 0;
    const events: LowdbStoreEvent[] = [];
    const trials = 18;
    for (let i = 0; i < trials; i++) {
      // Every sixth run dies while still starting (opening, replaying, cutting a torn tail).
      const beforeReady = i % 6 === 5;
      const delay = beforeReady ? 80 + Math.random() * 200 : 10 + Math.random() * 350;
      const t0 = performance.now();
      const trial = await crashRun(dir, `r${i}`, delay, beforeReady);
      const t1 = performance.now();
      for (const [id, v] of trial.acked) acked.set(id, Math.max(acked.get(id) ?? 0, v));
      totalAcks += trial.acked.size;
      maxSeq = Math.max(maxSeq, ...trial.seqs);

      const store = createLowdbStore({ dir, snapshotOnClose: i % 2 === 0, onEvent: (e) => events.push(e) });
      await store.open();
      try {
        for (const [id, version] of acked) {
          const got = await store.get(id);
          expect(got, `${id} acked at v${version} after trial ${i} (killed at ${delay.toFixed(0)} ms)`).toBeDefined();
          expect(got!.version).toBeGreaterThanOrEqual(version);
          expectIntact(got!);
        }
        // Unacknowledged writes may or may not be there, but whatever is there is whole.
        for (const t of await store.openTickets()) expectIntact(t);
        // Hot and archived together hold each ticket exactly once, and list agrees with get.
        const listed: string[] = [];
        for (let cursor: string | undefined, first = true; first || cursor; first = false) {
          const page = await store.list({ limit: 500, ...(cursor ? { cursor } : {}) });
          for (const t of page.items) {
            expectIntact(t);
            listed.push(t.id);
          }
          cursor = page.nextCursor;
        }
        const seen = new Set(listed);
        expect(seen.size).toBe(listed.length);
        const unlisted = [...acked.keys()].filter((id) => !seen.has(id));
        expect(unlisted).toEqual([]);
        expect(await store.nextSequence('crash')).toBeGreaterThan(maxSeq);
        maxSeq++;
      } finally {
        await store.close();
      }
      if (process.env.SWB_CRASH_DEBUG)
        console.log(`trial ${i}: run ${(t1 - t0).toFixed(0)} ms, verify ${(performance.now() - t1).toFixed(0)} ms`);
    }
    if (process.env.SWB_CRASH_DEBUG)
      console.log({
        totalAcks,
        tickets: acked.size,
        truncated: events.filter((e) => e.type === 'journal-truncated').length,
        snapshots: events.filter((e) => e.type === 'snapshot').length,
        dirFiles: await readdir(dir),
      });
    expect(totalAcks).toBeGreaterThan(trials * 10); // the kills did land amid real work
    expect((await readdir(join(dir, 'archive'))).filter((n) => n.endsWith('.json')).length).toBeGreaterThan(0); // and amid archiving
    expect(acked.size).toBeGreaterThan(100);
  }, 40_000);
});

describe('lowdb journal tail and lock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swb-tail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function segment(d: string): Promise<string> {
    const names = (await readdir(d)).filter((n) => n.startsWith('journal-')).sort();
    return join(d, names[names.length - 1]!);
  }

  async function seeded(d: string): Promise<void> {
    const s = createLowdbStore({ dir: d, snapshotOnClose: false });
    await s.open();
    await s.insert(makeTicket({ id: 'a' }));
    await s.insert(makeTicket({ id: 'b' }));
    await s.close();
  }

  // What a crash leaves: a kill stops a write at a page boundary, a power loss leaves zeros.
  const pageTear = (size: number) => {
    const start = Buffer.from('3c0ffee1 {"s":3,"op":"put","t":{"id":"c","subject":"');
    const pad = 4096 - ((size + start.length) % 4096);
    return Buffer.concat([start, Buffer.alloc(pad, 0x61)]);
  };
  it.each([
    ['a last line torn at a page boundary (no newline)', pageTear],
    ['zeros and binary garbage', () => Buffer.from([0, 0, 0, 0xff, 0xfe, 0x0a, 0x00, 0x17])],
  ])('ignores %s and keeps writing after it', async (_name, tail) => {
    const d = await mkdtemp(join(dir, 'tail-'));
    await seeded(d);
    const seg = await segment(d);
    const before = (await stat(seg)).size;
    await appendFile(seg, tail(before));
    const events: LowdbStoreEvent[] = [];
    const s = createLowdbStore({ dir: d, snapshotOnClose: false, onEvent: (e) => events.push(e) });
    await s.open();
    expect(events).toContainEqual(expect.objectContaining({ type: 'journal-truncated', offset: before }));
    expect((await stat(seg)).size).toBe(before); // cut, so new records never follow garbage
    expect(await s.get('c')).toBeUndefined();
    expect((await s.list()).items.map((t) => t.id)).toEqual(['b', 'a']);
    await s.insert(makeTicket({ id: 'd' }));
    await s.close();
    const again = createLowdbStore({ dir: d });
    await again.open();
    expect((await again.list()).items.map((t) => t.id)).toEqual(['d', 'b', 'a']);
    await again.close();
  });

  it('refuses a second store on the same directory with SWB_STORE_LOCKED naming pid and dir', async () => {
    const d = await mkdtemp(join(dir, 'lock-'));
    const first = createLowdbStore({ dir: d });
    await first.open();
    const second = createLowdbStore({ dir: d });
    const error = await second.open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SWB_STORE_LOCKED', details: { pid: process.pid, dir: d } });
    expect((error as Error).message).toContain(String(process.pid));
    expect((error as Error).message).toContain(d);
    await first.insert(makeTicket({ id: 'still-mine' }));
    await first.close();
    await second.open(); // free again once the first closed
    expect(await second.get('still-mine')).toBeDefined();
    await second.close();
    expect(await readdir(d)).not.toContain('switchboard.lock');
  });

  it('refuses a second process too, while the first is alive', async () => {
    const d = await mkdtemp(join(dir, 'proc-'));
    const child = spawn(process.execPath, ['--import', 'tsx', writer, d, 'p'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await expect(createLowdbStore({ dir: d }).open()).rejects.toMatchObject({
        code: 'SWB_STORE_LOCKED',
        details: { pid: child.pid },
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const after = createLowdbStore({ dir: d }); // the dead child's lock is stale now
    await after.open();
    await after.close();
  });

  it('takes over a stale lock whose pid is dead', async () => {
    const d = await mkdtemp(join(dir, 'stale-'));
    await seeded(d);
    // A pid that surely is not running: a reaped child's.
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.on('exit', resolve));
    const stale = { pid: gone.pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'dead' };
    await writeFile(join(d, 'switchboard.lock'), JSON.stringify(stale));
    const s: LowdbStore = createLowdbStore({ dir: d });
    await s.open();
    const lock = JSON.parse(await readFile(join(d, 'switchboard.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });
    expect((await s.list()).items).toHaveLength(2);
    await s.close();
    expect((await readdir(d)).filter((n) => n.includes('lock'))).toEqual([]);
  });
});
