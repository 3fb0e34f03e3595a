import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeadlineScheduler } from '../../src/core/sla/scheduler.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { slaHarness } from './sla-policy.ts';

describe('deadline scheduler (heap with lazy deletion)', () => {
  it('hands out due tickets earliest first; re-arming and disarming replace earlier entries', () => {
    const s = createDeadlineScheduler();
    s.arm('a', 30);
    s.arm('b', 10);
    s.arm('c', 20);
    s.arm('a', 5); // re-armed earlier: the old entry at 30 is stale
    s.disarm('c');
    expect(s.size).toBe(2);
    expect(s.nextAt()).toBe(5);
    expect(s.takeDue(9)).toEqual([{ id: 'a', at: 5 }]);
    expect(s.takeDue(100)).toEqual([{ id: 'b', at: 10 }]);
    expect(s.takeDue(100)).toEqual([]);
    expect(s.nextAt()).toBeUndefined();
  });

  it('arm(undefined) disarms', () => {
    const s = createDeadlineScheduler();
    s.arm('a', 1);
    s.arm('a', undefined);
    expect(s.takeDue(10)).toEqual([]);
  });

  it('agrees with a plain map under any sequence of arms, disarms and takes (property)', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('arm' as const),
        id: fc.integer({ min: 0, max: 30 }),
        at: fc.integer({ min: 0, max: 1000 }),
      }),
      fc.record({ kind: fc.constant('disarm' as const), id: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ kind: fc.constant('take' as const), now: fc.integer({ min: 0, max: 1000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const s = createDeadlineScheduler();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'arm') {
            s.arm(String(o.id), o.at);
            model.set(String(o.id), o.at);
          } else if (o.kind === 'disarm') {
            s.disarm(String(o.id));
            model.delete(String(o.id));
          } else {
            const got = s.takeDue(o.now);
            const want = [...model].filter(([, at]) => at <= o.now);
            expect(got.map((g) => g.id).sort()).toEqual(want.map(([id]) => id).sort());
            expect(got.map((g) => g.at)).toEqual([...got.map((g) => g.at)].sort((a, b) => a - b));
            for (const [id] of want) model.delete(id);
          }
          expect(s.size).toBe(model.size);
          const min = Math.min(...model.values());
          expect(s.nextAt()).toBe(model.size ? min : undefined);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('SLA runner across a restart', () => {
  it('re-arms from the store and fires, marked late, what came due while down', async () => {
    const store = createMemoryStore();
    const clock = createManualClock('2026-01-05T08:00:00Z');
    const first = await slaHarness(undefined, store, clock);
    const { ticket } = await first.sb.tickets.create({ channel: 'email', subject: 'Down', customer: { id: 'C1' } });
    await first.advance(0);
    first.sb.sla.stop();
    // The process is down from 08:00Z to 12:00Z; first response was due 10:00Z.
    await clock.advance(4 * 3_600_000);
    const second = await slaHarness(undefined, store, clock);
    const breached = second.of('sla.breached');
    expect(breached.map((e) => [(e as any).ticket.id, (e as any).timer, (e as any).late])).toEqual([
      [ticket.id, 'firstResponse', true],
    ]);
    // Only the last warning stage is announced after downtime, also late.
    expect(second.of('sla.warning')).toHaveLength(0);
    expect(second.sb.sla.scheduler.size).toBe(1);
    await second.sb.close();
  });
});
