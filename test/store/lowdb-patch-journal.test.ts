import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/core/model/ticket.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { decodeLine, encodeLine } from '../../src/store/lowdb/journal-line.ts';
import { recoverStore } from '../../src/store/lowdb/recover.ts';
import { applyTicketDelta, deltaMinBytes, ticketDelta } from '../../src/store/ticket-delta.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDir } from '../helpers/server.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const dataDir = async () => {
  const { dir, remove } = await tempDir();
  cleanups.push(remove);
  return dir;
};

const journalBytes = async (dir: string) => {
  let total = 0;
  for (const name of await readdir(dir)) if (name.startsWith('journal-')) total += (await stat(join(dir, name))).size;
  return total;
};

/** Text that needs escaping in JSON: quotes, backslashes, newlines, Chinese, an emoji. */
const awkward = (rnd: () => number, n: number) =>
  Array.from(
    { length: n },
    () => ['"', '\\', '\n', '您好', '😀', 'a', '}', ']', ',', ':', ' '][Math.floor(rnd() * 11)],
  ).join('');

/** One more reply and history entry, a new version and status: what most writes do. */
const replied = (t: Ticket, i: number, body: string): Ticket => ({
  ...t,
  version: t.version + 1,
  status: i % 2 ? 'open' : 'pending',
  updatedAt: new Date(Date.parse(t.updatedAt) + 60_000).toISOString(),
  replies: [...t.replies, { id: `r${i}`, at: t.updatedAt, author: 'agent:chen', public: true, body } as never],
  history: [...t.history, { at: t.updatedAt, actor: 'agent:chen', type: 'reply' } as never],
});

describe('the lowdb journal writes what changed, not the whole ticket', () => {
  it('a delta applied to the stored text gives the new text exactly, for awkward text and any change', () => {
    const rnd = seededRandom(7);
    let ticket = makeTicket({ description: awkward(rnd, deltaMinBytes) });
    let text = JSON.stringify(ticket);
    let patched = 0;
    for (let i = 0; i < 200; i++) {
      let next = replied(ticket, i, awkward(rnd, 50));
      if (i % 7 === 0) next = { ...next, fields: { ...next.fields, [`k${i}`]: awkward(rnd, 5) } }; // a member that changes
      if (i % 11 === 0) next = { ...next, tags: [] }; // an array that shrank
      if (i % 13 === 0) {
        const { assignee: _, ...rest } = next; // a member that goes
        next = rest as Ticket;
      }
      if (i % 17 === 0) next = { ...next, replies: next.replies.slice(1) }; // removed from the front
      const after = JSON.stringify(next);
      const delta = ticketDelta(ticket.id, ticket.version, text, after);
      if (delta !== undefined) {
        patched++;
        expect(applyTicketDelta(text, delta)).toBe(after);
        expect(delta.length).toBeLessThan(after.length / 2);
      }
      ticket = next;
      text = after;
    }
    expect(patched).toBeGreaterThan(150);
    // a small ticket is written whole
    const small = makeTicket();
    expect(ticketDelta(small.id, 1, JSON.stringify(small), JSON.stringify(replied(small, 0, 'hi')))).toBeUndefined();
  });

  it('200 replies on a large ticket grow the journal by the replies, and a reopen replays every version', async () => {
    const dir = await dataDir();
    const store = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotOnClose: false });
    await store.open();
    const body = 'x'.repeat(100);
    let ticket = makeTicket({ description: 'd'.repeat(100_000) });
    await store.insert(ticket);
    const afterInsert = await journalBytes(dir);
    for (let i = 0; i < 200; i++) {
      const next = replied(ticket, i, body);
      await store.update(next, ticket.version);
      ticket = next;
    }
    const grown = (await journalBytes(dir)) - afterInsert;
    // whole tickets would be 200 × ~120 KB = 24 MB; each patch is the reply, the history entry and a few fields
    expect(grown).toBeLessThan(200 * 1_500);
    await store.close();

    const reopened = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotOnClose: false });
    await reopened.open();
    expect(await reopened.get(ticket.id)).toEqual(ticket);
    await reopened.close();
  });

  it('patches across snapshots and compactions replay to the same tickets', async () => {
    const dir = await dataDir();
    const store = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotEveryRecords: 7, snapshotOnClose: false });
    await store.open();
    const tickets = Array.from({ length: 3 }, (_, k) =>
      makeTicket({ id: `t${k}`, number: `2026010500${k}`, description: `${k}`.repeat(30_000) }),
    );
    for (const t of tickets) await store.insert(t);
    for (let i = 0; i < 60; i++) {
      const k = i % 3;
      const next = replied(tickets[k]!, i, `reply ${i}`);
      // writes in flight while a compaction captures
      await Promise.all([store.update(next, tickets[k]!.version), i % 10 === 0 ? store.compact() : undefined]);
      tickets[k] = next;
    }
    await store.close();
    const reopened = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotOnClose: false });
    await reopened.open();
    for (const t of tickets) expect(await reopened.get(t.id)).toEqual(t);
    await reopened.close();
  });

  it('a patch that does not fit the version before it stops the open with the file and offset; recover lists it', async () => {
    const dir = await dataDir();
    const store = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotOnClose: false });
    await store.open();
    const first = makeTicket({ description: 'd'.repeat(40_000) });
    await store.insert(first);
    const second = replied(first, 0, 'one');
    await store.update(second, 1);
    const third = replied(second, 1, 'two');
    await store.update(third, 2);
    await store.close();

    const name = (await readdir(dir)).find((n) => n.startsWith('journal-'))!;
    const path = join(dir, name);
    const buf = await readFile(path);
    const starts = [0];
    for (let i = 0; i < buf.length - 1; i++) if (buf[i] === 0x0a) starts.push(i + 1);
    const lines = starts.map((s, i) => ({ at: s, entry: decodeLine(buf, s, (starts[i + 1] ?? buf.length) - 1) }));
    const patches = lines.filter((l) => l.entry?.record.op === 'patch');
    expect(patches).toHaveLength(2);
    // the last change claims to follow version 1 (a scribble that still passes its checksum)
    const last = patches[1]!;
    const record = last.entry!.record as { op: 'patch'; id: string; from: number; json: string };
    const forged = encodeLine(last.entry!.seq, {
      ...record,
      from: 1,
      json: record.json.replace('"from":2', '"from":1'),
    });
    await writeFile(path, Buffer.concat([buf.subarray(0, last.at), forged]));

    const broken = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotOnClose: false });
    await expect(broken.open()).rejects.toMatchObject({
      code: 'SWB_STORE_CORRUPT',
      message: expect.stringContaining(`holds a change of ticket ${first.id} from version 1, but version 2 is stored`),
      details: { path, offset: last.at },
    });
    const report = await recoverStore(dir);
    expect(report.changesNotApplied).toEqual([{ seq: last.entry!.seq, ticket: first.id, from: 1 }]);
    const recovered = createLowdbStore({ dir, snapshotEveryMs: 0, snapshotOnClose: false });
    await recovered.open();
    expect(await recovered.get(first.id)).toEqual(second);
    await recovered.close();
  });
});
