import { afterEach, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { presetPath } from '../../src/runtime/presets.ts';
import { readPolicySources } from '../../src/config/read-sources.ts';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { qaConfigOf } from '../../src/core/qa/config.ts';
import { sampleSize, sampleTickets } from '../../src/core/qa/sample.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { generateTickets } from '../helpers/qa-tickets.ts';
import { tempDir } from '../helpers/server.ts';

/** The base preset, optionally with the QA seed replaced (an extending policy in memory). */
async function baseSources(seed?: string) {
  const sources = await readPolicySources(presetPath('base'));
  if (!seed) return sources;
  return [...sources, { file: 'qa-seed.yaml', text: `qa: { seed: ${seed} }\n` }];
}

describe('QA sampling (base preset: rate 15 %, seeded, weighted)', () => {
  const open: Switchboard[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
    while (cleanups.length) await cleanups.pop()!();
  });

  const start = async (opts: { seed?: string; store?: ReturnType<typeof createMemoryStore> } = {}) => {
    const clock = createManualClock('2026-10-20T02:00:00Z');
    const sb = await createSwitchboard({
      sources: await baseSources(opts.seed),
      store: opts.store ?? createMemoryStore(),
      clock,
      logger: silentLogger,
      security: { auth: false },
      qaTickMs: 0,
    });
    open.push(sb);
    return { sb, clock };
  };
  const tickets = generateTickets(2000, { seed: 11, start: '2026-10-01T00:00:00Z', days: 10 });
  const load = async (sb: Switchboard) => {
    for (const t of tickets) await sb.store.insert(t);
  };
  const pickedIds = async (sb: Switchboard) => (await sb.qa.queue({ status: 'all' })).map((i) => i.ticketId).sort();

  it('samples 15 % ± 2 % of 2,000 resolved tickets, the same set for the same seed and another for another seed', async () => {
    const a = await start();
    await load(a.sb);
    const result = await a.sb.qa.sample('2026-10-01', '2026-10-10');
    expect(result.periods).toHaveLength(10);
    const population = result.periods.reduce((n, p) => n + p.population, 0);
    const size = result.periods.reduce((n, p) => n + p.size, 0);
    expect(population).toBe(2000);
    expect(size / population).toBeGreaterThanOrEqual(0.13);
    expect(size / population).toBeLessThanOrEqual(0.17);
    const first = await pickedIds(a.sb);
    expect(first).toHaveLength(size);

    const again = await start();
    await load(again.sb);
    await again.sb.qa.sample('2026-10-01', '2026-10-10');
    expect(await pickedIds(again.sb)).toEqual(first);

    const other = await start({ seed: 'another-seed' });
    await load(other.sb);
    await other.sb.qa.sample('2026-10-01', '2026-10-10');
    const third = await pickedIds(other.sb);
    expect(third).toHaveLength(size);
    expect(third).not.toEqual(first);
  });

  it('weights low CSAT and breaches up, is independent of reading order, and records every decision for the audit', async () => {
    const qa = qaConfigOf((await createSwitchboardPolicy()).doc)!;
    const period = { id: 'p', from: 'a', to: 'b' };
    const meta = { now: new Date('2026-10-20T00:00:00Z'), policyVersion: 'v' };
    const forward = sampleTickets(tickets, qa, period, meta);
    const backward = sampleTickets([...tickets].reverse(), qa, period, meta);
    expect(backward.decisions).toEqual(forward.decisions);
    expect(forward.size).toBe(300);
    const share = (pred: (d: (typeof forward.decisions)[number]) => boolean) => {
      const group = forward.decisions.filter(pred);
      return group.filter((d) => d.picked).length / group.length;
    };
    // Weight 3 (low CSAT) and 2 (breached) make those tickets markedly likelier than weight 1.
    expect(share((d) => d.weight >= 3)).toBeGreaterThan(2 * share((d) => d.weight === 1));
    const d = forward.decisions[0]!;
    expect(Object.keys(d).sort()).toEqual(
      [
        'agent',
        'breached',
        'key',
        'newAgent',
        'picked',
        'ticketId',
        'u',
        'weight',
        ...(d.csat !== undefined ? ['csat'] : []),
      ].sort(),
    );
    expect(d.key).toBeCloseTo(Math.log(d.u) / d.weight, 12);
    expect([forward.seed, forward.rate, forward.period]).toEqual(['base-qa-2026', 0.15, 'p']);
  });

  it('never samples below the rate: the smallest count that meets it, exact products not rounded up', () => {
    // 15 % of 7 is 1.05 tickets: 1 would be 14.3 %, under the rate.
    expect(sampleSize(0.15, 7)).toBe(2);
    expect(sampleSize(0.15, 21)).toBe(4);
    for (let n = 1; n <= 400; n++) {
      for (const rate of [0.05, 0.07, 0.1, 0.15, 0.2, 0.33]) {
        const k = sampleSize(rate, n);
        expect(k / n + 1e-12).toBeGreaterThanOrEqual(rate);
        // One fewer would be below the rate (or nothing at all).
        if (k > 1) expect((k - 1) / n).toBeLessThan(rate);
      }
    }
    // Products that are whole numbers stay whole despite binary floating point (0.07 × 100 = 7.000000000000001).
    expect(sampleSize(0.07, 100)).toBe(7);
    expect(sampleSize(0.15, 40)).toBe(6);
  });

  it('refuses a day that has not ended, then samples it whole once it has', async () => {
    const { sb, clock } = await start(); // 2026-10-20 10:00 in Asia/Shanghai
    const today = generateTickets(40, { seed: 5, start: '2026-10-19T16:00:00Z', days: 1 });
    for (const t of today.slice(0, 20)) await sb.store.insert(t);
    await expect(sb.qa.sample('2026-10-19', '2026-10-20')).rejects.toMatchObject({
      code: 'SWB_QA_DAY_OPEN',
      details: { day: '2026-10-20', path: '/to', endsAt: '2026-10-20T16:00:00.000Z' },
    });
    expect(await sb.qa.record('2026-10-19')).toBeUndefined();
    for (const t of today.slice(20)) await sb.store.insert(t);
    await clock.advance(14 * 3_600_000); // 2026-10-21 00:00 local: the day has ended
    const { periods } = await sb.qa.sample('2026-10-20', '2026-10-20');
    expect(periods).toEqual([{ period: '2026-10-20', population: 40, size: 6, existing: false }]);
  });

  it('the daily step samples each completed day once, by the injected clock, and keeps it durable', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const clock = createManualClock('2026-10-03T16:30:00Z'); // 2026-10-04 00:30 in Asia/Shanghai
    const make = async () => {
      const sb = await createSwitchboard({
        sources: await baseSources(),
        store: createLowdbStore({ dir, clock }),
        clock,
        logger: silentLogger,
        security: { auth: false },
        qaTickMs: 0,
      });
      open.push(sb);
      return sb;
    };
    const seedStore = createLowdbStore({ dir, clock });
    await seedStore.open();
    for (const t of generateTickets(200, { seed: 3, start: '2026-10-01T00:00:00Z', days: 5 }))
      await seedStore.insert(t);
    await seedStore.close();
    const sb = await make();
    const events: SwitchboardEvent<'qa.sampled'>[] = [];
    sb.events.subscribe('qa.sampled', (e) => events.push(e as SwitchboardEvent<'qa.sampled'>));
    // No history yet: the first step samples the day before today.
    expect(await sb.qa.tick()).toEqual(['2026-10-03']);
    expect((await sb.qa.record('2026-10-03'))?.population).toBe(40);
    expect(await sb.qa.tick()).toEqual([]);
    await clock.advance(2 * 86_400_000); // now 2026-10-06 00:30 local
    expect(await sb.qa.tick()).toEqual(['2026-10-04', '2026-10-05']);
    expect(events.map((e) => e.period)).toEqual(['2026-10-03', '2026-10-04', '2026-10-05']);
    expect(events[1]!.ticketIds).toHaveLength(6);
    const queued = await sb.qa.queue();
    await sb.close();
    open.pop();
    const reopened = await make();
    expect(await reopened.qa.queue()).toEqual(queued);
    expect(await reopened.qa.tick()).toEqual([]);
  });
});

async function createSwitchboardPolicy() {
  const sb = await createSwitchboard({
    preset: 'base',
    store: createMemoryStore(),
    logger: silentLogger,
    security: { auth: false },
    qaTickMs: 0,
  });
  const policy = sb.policy.current();
  await sb.close();
  return policy;
}
