import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { generateTickets } from '../helpers/qa-tickets.ts';
import { tempDir } from '../helpers/server.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('switchboard qa (CLI on a data directory)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('samples, lists, scores, reports agents and exports CSV', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const store = createLowdbStore({ dir, clock: systemClock });
    await store.open();
    for (const t of generateTickets(100, { seed: 9, start: '2026-10-01T00:00:00Z', days: 1 })) await store.insert(t);
    await store.close();

    const s = capture();
    expect(
      await run(
        ['qa', 'sample', '--from', '2026-10-01', '--to', '2026-10-01', '--data', dir, '--preset', 'base'],
        s.io,
      ),
    ).toBe(0);
    expect(s.out).toEqual(['2026-10-01  15 of 100 resolved tickets sampled']);
    const again = capture();
    await run(['qa', 'sample', '--from', '2026-10-01', '--to', '2026-10-01', '--data', dir], again.io);
    expect(again.out[0]).toContain('(sampled before, kept)');

    const q = capture();
    expect(await run(['qa', 'queue', '--data', dir, '--json'], q.io)).toBe(0);
    const items = JSON.parse(q.out[0]!).items as { ticketId: string }[];
    expect(items).toHaveLength(15);

    const sc = capture();
    expect(
      await run(
        [
          'qa',
          'score',
          items[0]!.ticketId,
          '--results',
          'greeting=fail,problem-confirmed=pass,commitment-with-time=na,correct-category=pass',
          '--reviewer',
          'qa-lead',
          '--data',
          dir,
        ],
        sc.io,
      ),
    ).toBe(0);
    expect(sc.out[0]).toBe(`${items[0]!.ticketId}: score 0.67 (1 of 3 failed)`);

    const bad = capture();
    expect(await run(['qa', 'score', items[1]!.ticketId, '--results', 'greeting=maybe', '--data', dir], bad.io)).toBe(
      2,
    );

    const a = capture();
    expect(await run(['qa', 'agents', '--data', dir], a.io)).toBe(0);
    expect(a.out[0]).toBe('window 30d, flag above 5.0 % (items)');

    const out = join(dir, 'qa.csv');
    expect(await run(['qa', 'export', '--format', 'csv', '--out', out, '--data', dir], capture().io)).toBe(0);
    const raw = await readFile(out, 'utf8');
    // A BOM, as in the other CSV exports, so spreadsheets read Chinese comments as UTF-8.
    expect(raw.startsWith('\uFEFFticketId,')).toBe(true);
    const csv = raw.trim().split('\n');
    expect(csv).toHaveLength(16);
    expect(csv.find((l) => l.startsWith(items[0]!.ticketId))).toContain(',yes,qa-lead,');
  });

  it('unknown subcommands are usage errors', async () => {
    const c = capture();
    expect(await run(['qa', 'nope'], c.io)).toBe(2);
    expect(c.err[0]).toContain('switchboard qa sample --from');
  });
});
