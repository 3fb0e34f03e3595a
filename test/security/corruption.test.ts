import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog, type AuditDamage, type AuditEntry } from '../../src/auth/audit-log.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { run } from '../../src/cli/main.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { encodeEnd } from '../../src/store/lowdb/journal-line.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

/**
 * Damage done to real data files (flip a byte, cut, delete, reorder) for the journal, the
 * snapshot and the audit log: each case either opens with every acknowledged record or
 * refuses with SWB_STORE_CORRUPT naming the file and the byte offset; `switchboard recover`
 * then keeps every readable record, moves the old files aside and leaves a store that opens.
 */
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'swb-corrupt-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const snapshotted = Array.from({ length: 20 }, (_, i) => `s${i}`);
const journaled = Array.from({ length: 20 }, (_, i) => `j${i}`);

/** A directory holding a checksummed snapshot of 20 tickets and a journal segment of 20 more, as after kill -9. */
interface Seeded {
  dir: string;
  segment: string;
  snapshot: string;
}

async function damageFile(path: string, damage: (b: Buffer) => Buffer): Promise<void> {
  await writeFile(path, damage(await readFile(path)));
}

async function seeded(): Promise<Seeded> {
  const dir = await mkdtemp(join(root, 'd-'));
  const store = createLowdbStore({ dir, snapshotOnClose: false, snapshotEveryMs: 0 });
  await store.open();
  for (const id of snapshotted) await store.insert(makeTicket({ id, subject: `subject of ${id}` }));
  await store.compact();
  for (const id of journaled) await store.insert(makeTicket({ id, subject: `subject of ${id}` }));
  await store.close();
  const segments = (await readdir(dir)).filter((n) => n.startsWith('journal-')).sort();
  expect(segments).toEqual(['journal-0000000000000021.ndjson']);
  return { dir, segment: join(dir, segments[0]!), snapshot: join(dir, 'tickets.json') };
}

async function ids(dir: string): Promise<string[]> {
  const store = createLowdbStore({ dir, snapshotOnClose: false });
  await store.open();
  try {
    return (await store.list({ limit: 500 })).items.map((t) => t.id).sort();
  } finally {
    await store.close();
  }
}

async function refusal(
  dir: string,
): Promise<{ code: string; message: string; details: { path: string; offset: number } }> {
  const error = await createLowdbStore({ dir })
    .open()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error, 'the store must refuse to open').toBeDefined();
  expect(await readdir(dir)).not.toContain('switchboard.lock'); // and it let go of the directory
  return error as never;
}

/** Byte offsets where each line starts. */
const lineStarts = (buf: Buffer) => {
  const starts = [0];
  for (let i = buf.indexOf(0x0a); i !== -1 && i < buf.length - 1; i = buf.indexOf(0x0a, i + 1)) starts.push(i + 1);
  return starts;
};

const all = [...snapshotted, ...journaled].sort();

describe('a damaged journal', () => {
  it.each([
    ['a flipped byte in the 8th record', (b: Buffer) => flip(b, lineStarts(b)[7]! + 40), 7],
    ['a flipped byte in the last record', (b: Buffer) => flip(b, lineStarts(b).at(-1)! + 40), 19],
    ['a flipped final newline', (b: Buffer) => flip(b, b.length - 1), 19],
    ['a cut in the middle of the file', (b: Buffer) => b.subarray(0, lineStarts(b)[10]! + 33), 10],
    [
      'bytes cut out of the middle',
      (b: Buffer) => Buffer.concat([b.subarray(0, lineStarts(b)[5]! + 20), b.subarray(lineStarts(b)[9]! + 7)]),
      5,
    ],
    ['two records swapped', (b: Buffer) => swapLines(b, 3, 4), 3],
  ])('refuses %s, naming the segment and the offset of the damage', async (_name, damage, line) => {
    const { dir, segment } = await seeded();
    const original = await readFile(segment);
    await writeFile(segment, damage(Buffer.from(original)));
    const error = await refusal(dir);
    expect(error.code).toBe('SWB_STORE_CORRUPT');
    expect(error.details).toEqual({ path: segment, offset: lineStarts(original)[line] });
    expect(error.message).toContain(segment);
    expect(error.message).toContain(`byte ${lineStarts(original)[line]}`);
    expect(error.message).toContain('switchboard recover');
    expect(await readFile(segment)).toEqual(damage(Buffer.from(original))); // refusing changed nothing
  });

  it('refuses a deleted newest segment, naming it', async () => {
    const { dir, segment } = await seeded();
    await rm(segment);
    const error = await refusal(dir);
    expect(error).toMatchObject({ code: 'SWB_STORE_CORRUPT', details: { path: segment, offset: 0 } });
  });

  it('refuses a successor segment missing while a compaction was under way (its predecessor names it)', async () => {
    const dir = await mkdtemp(join(root, 'series-'));
    const store = createLowdbStore({ dir, snapshotOnClose: false, snapshotEveryMs: 0 });
    await store.open();
    await store.insert(makeTicket({ id: 'a' }));
    await store.insert(makeTicket({ id: 'b' }));
    await store.close();
    // what a compaction's switch to the next segment writes, before its snapshot is renamed into place
    const first = join(dir, 'journal-0000000000000001.ndjson');
    await writeFile(first, Buffer.concat([await readFile(first), encodeEnd(3)]));
    const error = await refusal(dir);
    expect(error).toMatchObject({ code: 'SWB_STORE_CORRUPT', details: { path: first } });
    expect(error.message).toContain('journal-0000000000000003.ndjson');
    await writeFile(join(dir, 'journal-0000000000000003.ndjson'), ''); // with the successor there, it opens
    expect(await ids(dir)).toEqual(['a', 'b']);
  });

  it('still opens with every acknowledged record over a tail torn at a page boundary', async () => {
    const { dir, segment } = await seeded();
    const size = (await stat(segment)).size;
    const torn = Buffer.alloc(4096 - (size % 4096), 0x61);
    torn.write('0badc0de {"s":41,"op":"put","t":{"id":"x');
    await writeFile(segment, Buffer.concat([await readFile(segment), torn]));
    expect(await ids(dir)).toEqual(all);
    expect((await readdir(dir)).some((n) => n.endsWith(`.torn-${size}`))).toBe(true); // kept aside, not deleted
  });
});

describe('a damaged snapshot', () => {
  it.each([
    ['a flipped byte in a ticket line', (b: Buffer) => flip(b, lineStarts(b)[6]! + 30), 6],
    ['a flipped byte in the head line', (b: Buffer) => flip(b, 35), 0],
    ['a deleted ticket line', (b: Buffer) => dropLine(b, 4), -1],
    ['two ticket lines swapped', (b: Buffer) => swapLines(b, 2, 3), 2],
    ['a cut in the middle', (b: Buffer) => b.subarray(0, lineStarts(b)[9]! + 11), -1],
  ])('refuses %s, naming tickets.json and the offset', async (_name, damage, line) => {
    const { dir, snapshot } = await seeded();
    const original = await readFile(snapshot);
    await writeFile(snapshot, damage(Buffer.from(original)));
    const error = await refusal(dir);
    expect(error.code).toBe('SWB_STORE_CORRUPT');
    expect(error.details.path).toBe(snapshot);
    if (line >= 0) expect(error.details.offset).toBe(lineStarts(original)[line]);
    expect(error.message).toMatch(/at byte \d+/);
  });

  it('refuses a deleted snapshot that the journal depends on', async () => {
    const { dir, snapshot } = await seeded();
    await rm(snapshot);
    const error = await refusal(dir);
    expect(error).toMatchObject({ code: 'SWB_STORE_CORRUPT', details: { path: snapshot, offset: 0 } });
    expect(error.message).toContain('records 1 to 20');
  });

  it('still reads a format-1 snapshot (no checksums) written by earlier versions', async () => {
    const { dir, snapshot } = await seeded();
    const lines = (await readFile(snapshot, 'utf8')).split('\n');
    const legacy = [lines[0]!.replace('"format":2', '"format":1'), ...lines.slice(1, -2), ']}', ''].join('\n');
    await writeFile(snapshot, legacy);
    expect(await ids(dir)).toEqual(all);
  });
});

describe('a damaged archive month', () => {
  it('refuses to serve from it, naming the file and offset, and recover keeps its other tickets', async () => {
    const dir = await mkdtemp(join(root, 'archive-'));
    const closed = (id: string) =>
      makeTicket({ id, status: 'closed', closedAt: '2026-01-06T09:00:00.000Z', updatedAt: '2026-01-06T09:00:00.000Z' });
    const store = createLowdbStore({ dir, snapshotEveryMs: 0 });
    await store.open();
    for (let i = 0; i < 5; i++) await store.insert(closed(`old${i}`));
    await store.compact();
    expect(store.stats().archive.tickets).toBe(5);
    await store.close();
    const month = join(dir, 'archive', '2026-01.json');
    const buf = await readFile(month);
    await writeFile(month, flip(Buffer.from(buf), lineStarts(buf)[2]! + 30));
    const reopened = createLowdbStore({ dir });
    await reopened.open();
    const error = await reopened.list({ limit: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'SWB_STORE_CORRUPT', details: { path: month, offset: lineStarts(buf)[2] } });
    await reopened.close();
    const out: string[] = [];
    expect(await run(['recover', '--data', dir], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(1);
    expect(out.join('\n')).toContain(`${month}: damaged, 4 records kept, 1 damaged/lost`);
    expect(await ids(dir)).toHaveLength(4);
  });
});

describe('switchboard recover', () => {
  it('keeps every readable record, moves the damaged files aside, reports, and leaves a store that opens', async () => {
    const { dir, segment, snapshot } = await seeded();
    const seg = await readFile(segment);
    await writeFile(segment, flip(Buffer.from(seg), lineStarts(seg)[7]! + 40)); // j7 damaged
    const snap = await readFile(snapshot);
    await writeFile(snapshot, flip(Buffer.from(snap), lineStarts(snap)[3]! + 30)); // the third ticket line
    const out: string[] = [];
    const code = await run(['recover', '--data', dir], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toContain(`${segment}: damaged, 19 records kept`);
    expect(text).toContain(`byte ${lineStarts(seg)[7]}`);
    expect(text).toContain(`${snapshot}: damaged, 19 records kept, 1 damaged/lost`);
    expect(text).toContain('Journal records 28 to 28 are in no file: lost.');

    const kept = await ids(dir);
    expect(kept).toHaveLength(38);
    expect(kept).not.toContain('j7');
    expect(all.filter((id) => !kept.includes(id))).toHaveLength(2);
    // nothing was deleted: the originals, as damaged as they were, and the report are kept aside
    const aside = (await readdir(dir)).find((n) => n.startsWith('recovered-'))!;
    const moved = await readdir(join(dir, aside));
    expect(moved).toEqual(
      expect.arrayContaining([
        'tickets.json',
        'journal-0000000000000021.ndjson',
        'recovery-report.json',
        'recovery-report.txt',
      ]),
    );
    const report = JSON.parse(await readFile(join(dir, aside, 'recovery-report.json'), 'utf8'));
    expect(report).toMatchObject({ ticketsKept: 38, missingRecords: [{ from: 28, to: 28 }] });
    // the recovered store takes new writes and keeps numbering after everything seen
    const store = createLowdbStore({ dir });
    await store.open();
    await store.insert(makeTicket({ id: 'after-recovery' }));
    expect(store.stats().seq).toBe(41);
    await store.close();
    expect(await ids(dir)).toContain('after-recovery');
  });

  it.each([
    ['a flipped journal byte', (d: Seeded) => damageFile(d.segment, (b) => flip(b, lineStarts(b)[7]! + 40)), 39],
    [
      'a journal cut in the middle',
      (d: Seeded) => damageFile(d.segment, (b) => b.subarray(0, lineStarts(b)[10]! + 33)),
      30,
    ],
    ['swapped journal records', (d: Seeded) => damageFile(d.segment, (b) => swapLines(b, 3, 4)), 40],
    ['a deleted newest segment', (d: Seeded) => rm(d.segment), 20],
    ['a deleted snapshot', (d: Seeded) => rm(d.snapshot), 20],
    ['a deleted snapshot line', (d: Seeded) => damageFile(d.snapshot, (b) => dropLine(b, 4)), 39],
    ['swapped snapshot lines', (d: Seeded) => damageFile(d.snapshot, (b) => swapLines(b, 2, 3)), 40],
  ])(
    'after %s, leaves a store that opens with every readable record and reports what is gone',
    async (_name, damage, kept) => {
      const seededDir = await seeded();
      await damage(seededDir);
      const out: string[] = [];
      const code = await run(['recover', '--data', seededDir.dir, '--json'], {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      });
      expect(code).toBe(kept < 40 ? 1 : 0); // records that were only moved are all still there
      const report = JSON.parse(out.join('\n'));
      expect(report.ticketsKept).toBe(kept);
      expect(await ids(seededDir.dir)).toHaveLength(kept);
      const lost = report.files.filter((f: { status: string }) => f.status !== 'ok');
      if (kept < 40) expect(lost.length + report.missingRecords.length).toBeGreaterThan(0);
    },
  );

  it('documents itself in the help', async () => {
    const out: string[] = [];
    await run(['help'], { out: (l) => out.push(l), err: () => undefined });
    expect(out.join('\n')).toContain('switchboard recover --data DIR');
  });
});

describe('data file permissions', () => {
  it('keeps the data directory 0700 and every data file 0600, also for directories made by older versions', async () => {
    const dir = await mkdtemp(join(root, 'perm-'));
    await writeFile(join(dir, 'tickets.json'), '{"format":1,"seq":0,"tickets":[\n]}\n', { mode: 0o644 });
    const store = createLowdbStore({ dir });
    await store.open();
    await store.insert(makeTicket({ id: 'pii' }));
    await store.compact();
    await store.insert(makeTicket({ id: 'pii-2' }));
    const mode = async (p: string) => (await stat(p)).mode & 0o777;
    expect(await mode(dir)).toBe(0o700);
    for (const name of await readdir(dir)) expect([name, await mode(join(dir, name))]).toEqual([name, 0o600]);
    await store.close();
    const audit = await openAuditLog({ clock: systemClock, dataDir: join(dir, 'nested') });
    await audit.append(entry('2026-01-01T00:00:00.000Z'));
    await audit.close();
    expect(await mode(join(dir, 'nested'))).toBe(0o700);
    expect(await mode(join(dir, 'nested', 'audit.ndjson'))).toBe(0o600);
  });
});

function entry(at: string, ticketId = 't1'): AuditEntry {
  const actor = { tokenId: 'tok', name: 'agent', role: 'agent' };
  return {
    at,
    actor,
    ip: '127.0.0.1',
    operation: 'createTicket',
    method: 'POST',
    path: '/api/tickets',
    status: 201,
    ticketId,
    policyVersion: 'v1',
  };
}

describe('a damaged audit log', () => {
  async function written(n: number): Promise<{ dir: string; file: string }> {
    const dir = await mkdtemp(join(root, 'audit-'));
    const log = await openAuditLog({ clock: systemClock, dataDir: dir });
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        log.append(entry(`2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, `t${i}`)),
      ),
    );
    await log.close();
    return { dir, file: join(dir, 'audit.ndjson') };
  }

  it('skips a damaged line and reports it once with file, line and offset, never failing a read', async () => {
    const { dir, file } = await written(10);
    const buf = await readFile(file);
    const at = lineStarts(buf)[4]!;
    await writeFile(file, flip(Buffer.from(buf), at + 60)); // still JSON, but the checksum no longer matches
    const damage: AuditDamage[] = [];
    const log = await openAuditLog({ clock: systemClock, dataDir: dir, onDamaged: (d) => damage.push(d) });
    const first = await log.query({ limit: 100 });
    const again = await log.query({ since: '2026-01-01T00:00:00.000Z', limit: 100 });
    expect(first.items.map((e) => e.ticketId)).toEqual(['t0', 't1', 't2', 't3', 't5', 't6', 't7', 't8', 't9']);
    expect(again.items).toEqual(first.items);
    expect(damage).toEqual([expect.objectContaining({ file, line: 5, offset: at })]);
    await log.close();
  });

  it('cuts a torn last line on open, keeps it aside, reports it, and appends on a fresh line', async () => {
    const { dir, file } = await written(3);
    const size = (await stat(file)).size;
    await writeFile(file, Buffer.concat([await readFile(file), Buffer.from('{"at":"2026-01-01T00:00:09.000Z","act')]));
    const damage: AuditDamage[] = [];
    const log = await openAuditLog({ clock: systemClock, dataDir: dir, onDamaged: (d) => damage.push(d) });
    expect(damage).toEqual([expect.objectContaining({ file, line: 4, offset: size, savedAs: `${file}.torn-${size}` })]);
    await log.append(entry('2026-01-01T00:00:10.000Z', 'later'));
    expect((await log.query({ limit: 100 })).items.map((e) => e.ticketId)).toEqual(['t0', 't1', 't2', 'later']);
    await log.close();
    expect(
      (await readFile(file, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).ticketId),
    ).toEqual(['t0', 't1', 't2', 'later']);
  });

  it('keeps the entries before a cut in the middle and reports the cut line', async () => {
    const { dir, file } = await written(6);
    const buf = await readFile(file);
    await writeFile(file, buf.subarray(0, lineStarts(buf)[3]! + 25));
    const damage: AuditDamage[] = [];
    const log = await openAuditLog({ clock: systemClock, dataDir: dir, onDamaged: (d) => damage.push(d) });
    expect((await log.query({ limit: 100 })).items.map((e) => e.ticketId)).toEqual(['t0', 't1', 't2']);
    expect(damage).toEqual([expect.objectContaining({ file, line: 4, offset: lineStarts(buf)[3] })]);
    await log.close();
  });

  it('returns every entry when lines were reordered, and plain JSON lines of older versions', async () => {
    const { dir, file } = await written(4);
    await writeFile(file, swapLines(await readFile(file), 1, 2));
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}${JSON.stringify(entry('2026-01-01T00:01:00.000Z', 'old'))}\n`,
    );
    const log = await openAuditLog({ clock: systemClock, dataDir: dir });
    expect((await log.query({ limit: 100 })).items.map((e) => e.ticketId).sort()).toEqual([
      'old',
      't0',
      't1',
      't2',
      't3',
    ]);
    await log.close();
  });
});

function flip(buf: Buffer, at: number): Buffer {
  buf[at] = buf[at]! ^ 0x04;
  return buf;
}

function swapLines(buf: Buffer, a: number, b: number): Buffer {
  const lines = buf.toString('utf8').split('\n');
  [lines[a], lines[b]] = [lines[b]!, lines[a]!];
  return Buffer.from(lines.join('\n'));
}

function dropLine(buf: Buffer, n: number): Buffer {
  const lines = buf.toString('utf8').split('\n');
  lines.splice(n, 1);
  return Buffer.from(lines.join('\n'));
}
