import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import type { MetricsGroup } from '../../src/core/metrics/index.ts';
import { tempDir } from '../helpers/server.ts';
import { expectedFor, type Expected } from './expected.ts';
import { fixturePolicyText } from './fixture-policy.ts';
import { monthStart, playMonth, scriptMonth, type ScriptedTicket } from './fixture-month.ts';
import { nearestRank, withinPrecision } from './quantiles.ts';

const DAY = 86_400_000;
const avg = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
const rate = (part: number, n: number) => (n > 0 ? Math.round((part / n) * 10000) / 10000 : null);
const defined = <T>(xs: (T | undefined)[]) => xs.filter((x): x is T => x !== undefined);

/** The metrics of a set of tickets, computed from the independent expectations. */
function expectedSummary(es: Expected[], backlogAt: number) {
  const count = (f: (e: Expected) => boolean) => es.filter(f).length;
  const csat = defined(es.map((e) => e.csat));
  return {
    tickets: es.length,
    frt: {
      count: count((e) => e.frtWall !== undefined),
      avgMs: avg(defined(es.map((e) => e.frtWall))),
      avgBusinessMs: avg(defined(es.map((e) => e.frtBiz))),
    },
    resolution: {
      count: count((e) => e.resWall !== undefined),
      avgMs: avg(defined(es.map((e) => e.resWall))),
      avgBusinessMs: avg(defined(es.map((e) => e.resBiz))),
    },
    aht: {
      count: count((e) => e.ahtWall !== undefined),
      avgMs: avg(defined(es.map((e) => e.ahtWall))),
      avgBusinessMs: avg(defined(es.map((e) => e.ahtBiz))),
    },
    fcr: {
      known: count((e) => e.fcr !== undefined),
      resolvedFirstContact: count((e) => e.fcr === true),
      rate: rate(
        count((e) => e.fcr === true),
        count((e) => e.fcr !== undefined),
      ),
    },
    sla: {
      firstResponse: { met: count((e) => e.frSla === 'met'), breached: count((e) => e.frSla === 'breached') },
      resolution: { met: count((e) => e.resSla === 'met'), breached: count((e) => e.resSla === 'breached') },
    },
    csat: {
      count: csat.length,
      satisfied: csat.filter((s) => s >= 4).length,
      satisfiedRate: rate(csat.filter((s) => s >= 4).length, csat.length),
      scores: [1, 2, 3, 4, 5].map((s) => csat.filter((x) => x === s).length),
    },
    backlog: count((e) => e.createdAt < backlogAt && !['resolved', 'closed'].includes(e.statusAt(backlogAt - 1))),
  };
}

function actualSummary(g: MetricsGroup) {
  return {
    tickets: g.tickets,
    frt: { count: g.frt.count, avgMs: g.frt.avgMs, avgBusinessMs: g.frt.avgBusinessMs },
    resolution: { count: g.resolution.count, avgMs: g.resolution.avgMs, avgBusinessMs: g.resolution.avgBusinessMs },
    aht: { count: g.aht.count, avgMs: g.aht.avgMs, avgBusinessMs: g.aht.avgBusinessMs },
    fcr: g.fcr,
    sla: {
      firstResponse: { met: g.sla.firstResponse.met, breached: g.sla.firstResponse.breached },
      resolution: { met: g.sla.resolution.met, breached: g.sla.resolution.breached },
    },
    csat: {
      count: g.csat.count,
      satisfied: g.csat.satisfied,
      satisfiedRate: g.csat.satisfiedRate,
      scores: g.csat.scores,
    },
    backlog: g.backlog,
  };
}

describe('metrics over a fixture month (every metric equals an independent computation)', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let sb: Switchboard;
  let script: ScriptedTicket[];
  let expected: Expected[];
  const open = (d: string) =>
    createSwitchboard({
      sources: [{ file: 'policy.yaml', text: fixturePolicyText }],
      store: createLowdbStore({ dir: d }),
      // Before every deadline of the month, so the SLA scheduler's boot run changes no ticket.
      clock: createManualClock(new Date(monthStart)),
      logger: silentLogger,
    });

  beforeAll(async () => {
    dir = await tempDir('swb-metrics-');
    const clock = createManualClock(new Date(monthStart));
    // The script plays ticket after ticket, so the clock goes back between tickets; the SLA
    // scheduler must not fire on its own (the clock is only set, never advanced) or a later ticket's clock
    // would breach an earlier one. Stopped clocks are judged from their records either way.
    sb = await createSwitchboard({
      sources: [{ file: 'policy.yaml', text: fixturePolicyText }],
      store: createLowdbStore({ dir: dir.dir, clock }),
      clock,
      logger: silentLogger,
    });
    script = scriptMonth();
    await playMonth(sb.tickets, clock, script);
    expected = script.map(expectedFor);
  }, 120_000);
  afterAll(async () => {
    await sb?.close();
    await dir?.remove();
  });

  it('the fixture exercises every case', () => {
    expect(expected.filter((e) => e.fcr === true).length).toBeGreaterThan(10);
    expect(expected.filter((e) => e.fcr === false).length).toBeGreaterThan(10);
    expect(expected.filter((e) => e.frSla === 'breached').length).toBeGreaterThan(5);
    expect(expected.filter((e) => e.frSla === 'met').length).toBeGreaterThan(5);
    expect(
      script.filter((s) => s.steps.some((x) => x.kind === 'status' && x.status === 'pending-customer')).length,
    ).toBeGreaterThan(10);
    expect(script.filter((s) => s.steps.some((x) => x.kind === 'bot')).length).toBeGreaterThan(10);
    expect(expected.filter((e) => e.frtBiz !== e.frtWall).length).toBeGreaterThan(10);
  });

  it('totals and every channel match, for the month and for its first half (backlog mid-month)', () => {
    for (const [to, end] of [
      ['2026-10-30', monthStart + 30 * DAY],
      ['2026-10-15', monthStart + 15 * DAY],
    ] as const) {
      const r = sb.metrics.query({ from: '2026-10-01', to, groupBy: ['channel'] });
      const inWindow = expected.filter((e) => e.createdAt < end);
      expect(actualSummary(r.totals)).toEqual(expectedSummary(inWindow, end));
      for (const [k, e] of [
        ['frt', 'frtBiz'],
        ['resolution', 'resBiz'],
        ['aht', 'ahtBiz'],
      ] as const) {
        const xs = defined(inWindow.map((x) => x[e]));
        for (const p of [50, 90] as const) {
          const got = r.totals[k][`p${p}BusinessMs`];
          expect(withinPrecision(got, nearestRank(xs, p / 100)), `${k} p${p} ${got}`).toBe(true);
        }
      }
      for (const channel of ['phone', 'chat', 'email']) {
        const g = r.groups.find((x) => x.key.channel === channel)!;
        expect(actualSummary(g), channel).toEqual(
          expectedSummary(
            inWindow.filter((e) => e.channel === channel),
            end,
          ),
        );
      }
    }
  });

  it('one day at a time adds up to the month', () => {
    let tickets = 0;
    for (let d = 1; d <= 30; d++) {
      const day = `2026-10-${String(d).padStart(2, '0')}`;
      const r = sb.metrics.query({ from: day, to: day });
      const start = monthStart + (d - 1) * DAY;
      expect(r.totals.tickets, day).toBe(
        expected.filter((e) => e.createdAt >= start && e.createdAt < start + DAY).length,
      );
      tickets += r.totals.tickets;
    }
    expect(tickets).toBe(script.length);
  });

  it('grouping by priority and tier partitions the totals', () => {
    const r = sb.metrics.query({ from: '2026-10-01', to: '2026-10-30', groupBy: ['priority', 'tier'] });
    expect(r.groups.reduce((n, g) => n + g.tickets, 0)).toBe(script.length);
    const vipP1 = r.groups.find((g) => g.key.priority === 'P1' && g.key.tier === 'vip')!;
    const idx = script.map((s, i) => (s.priority === 'P1' && s.tier === 'vip' ? i : -1)).filter((i) => i >= 0);
    expect(actualSummary(vipP1)).toEqual(
      expectedSummary(
        idx.map((i) => expected[i]!),
        monthStart + 30 * DAY,
      ),
    );
  });

  it('an index rebuilt from the store on boot equals the one kept from events', async () => {
    const live = sb.metrics.query({
      from: '2026-10-01',
      to: '2026-10-30',
      groupBy: ['channel', 'agent', 'group', 'category'],
    });
    await sb.close();
    sb = await open(dir.dir);
    expect(sb.metrics.size).toBe(script.length);
    expect(
      sb.metrics.query({ from: '2026-10-01', to: '2026-10-30', groupBy: ['channel', 'agent', 'group', 'category'] }),
    ).toEqual(live);
  });
});
