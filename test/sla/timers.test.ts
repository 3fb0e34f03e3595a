import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/core/sla/calendar/index.ts';
import { compileSla } from '../../src/core/sla/compile-sla.ts';
import {
  pauseTimer,
  recomputeTimer,
  reopenTimer,
  resumeTimer,
  startTimer,
  stopTimer,
} from '../../src/core/sla/timers.ts';

const office = createCalendar({
  id: 'office',
  timezone: 'Europe/Berlin',
  hours: {
    mon: ['09:00-12:00', '13:00-17:00'],
    tue: ['09:00-12:00', '13:00-17:00'],
    wed: ['09:00-17:00'],
    thu: ['09:00-17:00'],
    fri: ['09:00-15:00'],
  },
  holidays: ['2026-01-07'],
});
const sla = compileSla({ id: 's', targets: {}, warnAt: ['75%', '15m before'] }, office);
const MIN = 60_000;
const at = (s: string) => Date.parse(s);

describe('timers on a business calendar (table)', () => {
  const cases: [string, string, number, string][] = [
    ['inside hours', '2026-01-05T08:00:00Z', 60, '2026-01-05T09:00:00.000Z'],
    ['across lunch', '2026-01-05T10:30:00Z', 60, '2026-01-05T12:30:00.000Z'],
    ['before opening', '2026-01-05T06:00:00Z', 30, '2026-01-05T08:30:00.000Z'],
    ['over the holiday Wednesday', '2026-01-06T15:00:00Z', 60, '2026-01-08T08:00:00.000Z'],
    ['Friday short day into Monday', '2026-01-09T13:30:00Z', 60, '2026-01-12T08:30:00.000Z'],
    ['exactly to closing moves to next opening', '2026-01-05T15:00:00Z', 60, '2026-01-06T08:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, start, minutes, due) => {
    const t = startTimer(sla, minutes * MIN, at(start));
    expect(t.dueAt).toBe(due);
    for (const w of t.warnAt) expect(at(w) > at(start) && at(w) < at(due)).toBe(true);
  });

  it('a pause records exact instants and the resume credits it', () => {
    const t = startTimer(sla, 120 * MIN, at('2026-01-05T08:00:00Z'));
    const p = pauseTimer(t, office, at('2026-01-05T08:17:33.250Z'));
    expect(p).toMatchObject({
      state: 'paused',
      remainingMs: 120 * MIN - (17 * MIN + 33_250),
      pauses: [{ from: '2026-01-05T08:17:33.250Z' }],
    });
    const r = resumeTimer(p, sla, at('2026-01-06T08:00:00Z'));
    expect(r.pauses).toEqual([{ from: '2026-01-05T08:17:33.250Z', to: '2026-01-06T08:00:00.000Z' }]);
    expect(office.between(at('2026-01-06T08:00:00Z'), at(r.dueAt))).toBe(p.remainingMs);
  });

  it('recompute keeps elapsed business time: 45 of 120 min used, new target 60 → 15 min left', () => {
    const t = startTimer(sla, 120 * MIN, at('2026-01-05T08:00:00Z'));
    const r = recomputeTimer(t, office, sla, 60 * MIN, at('2026-01-05T08:45:00Z'));
    expect(r.dueAt).toBe('2026-01-05T09:00:00.000Z');
    const over = recomputeTimer(t, office, sla, 30 * MIN, at('2026-01-05T08:45:00Z'));
    expect(at(over.dueAt)).toBeLessThan(at('2026-01-05T08:45:00Z'));
  });
});

describe('a response clock stopped by the resolution', () => {
  it('keeps the business time it had left, and a reopen lays it out again from the reopening', () => {
    const t = startTimer(sla, 120 * MIN, at('2026-01-05T08:00:00Z')); // 09:00 local, due 11:00 local
    const stopped = stopTimer(t, at('2026-01-05T09:30:00Z'), office); // 10:30 local: 90 min used
    expect(stopped).toMatchObject({ state: 'stopped', stoppedAt: '2026-01-05T09:30:00.000Z', remainingMs: 30 * MIN });
    expect(stopTimer(stopped, at('2026-01-05T12:00:00Z'), office)).toBe(stopped);
    const reopened = reopenTimer(stopped, sla, at('2026-01-06T08:00:00Z'), 'resume');
    expect(reopened).toMatchObject({ state: 'running', dueAt: '2026-01-06T08:30:00.000Z' });
    expect(reopened.pauses).toEqual([
      { from: '2026-01-05T09:30:00.000Z', to: '2026-01-06T08:00:00.000Z', reason: 'resolved' },
    ]);
    expect(reopenTimer(stopped, sla, at('2026-01-06T08:00:00Z'), 'restart').dueAt).toBe('2026-01-06T10:00:00.000Z');
  });

  it('a paused clock stops with the time it had at the pause; one past its deadline stays breached, ladder ended', () => {
    const t = startTimer(sla, 60 * MIN, at('2026-01-05T08:00:00Z'));
    const paused = pauseTimer(t, office, at('2026-01-05T08:20:00Z'));
    expect(stopTimer(paused, at('2026-01-06T08:00:00Z'), office)).toMatchObject({
      state: 'stopped',
      remainingMs: 40 * MIN,
      pauses: [{ from: '2026-01-05T08:20:00.000Z', to: '2026-01-06T08:00:00.000Z' }],
    });
    const late = stopTimer(t, at('2026-01-05T09:30:00Z'), office);
    expect(late).toMatchObject({ state: 'breached', breachedAt: t.dueAt, stoppedAt: '2026-01-05T09:30:00.000Z' });
    expect(late.remainingMs).toBeUndefined();
    const marked = { ...t, state: 'breached' as const, breachedAt: t.dueAt };
    expect(stopTimer(marked, at('2026-01-05T10:00:00Z'), office).stoppedAt).toBe('2026-01-05T10:00:00.000Z');
  });
});

describe('timer properties', () => {
  const instant = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z') });
  const target = fc.integer({ min: 1, max: 80 * 60 * MIN });

  it('due ≥ start, and the business time between them is the target', () => {
    fc.assert(
      fc.property(instant, target, (start, ms) => {
        const t = startTimer(sla, ms, start);
        expect(at(t.dueAt)).toBeGreaterThanOrEqual(start);
        expect(office.between(start, at(t.dueAt))).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('pause then resume keeps the remaining business time', () => {
    fc.assert(
      fc.property(
        instant,
        target,
        fc.integer({ min: 0, max: 100 * 60 * MIN }),
        fc.integer({ min: 0, max: 30 * 24 * 60 * MIN }),
        (start, ms, after, pausedFor) => {
          const t = startTimer(sla, ms, start);
          const pauseAt = start + after;
          // An overdue clock does not pause (test/sla/timers-overdue.test.ts).
          fc.pre(pauseAt <= at(t.dueAt));
          const p = pauseTimer(t, office, pauseAt);
          const r = resumeTimer(p, sla, pauseAt + pausedFor);
          expect(office.between(pauseAt + pausedFor, at(r.dueAt))).toBe(p.remainingMs);
          expect(at(r.dueAt)).toBeGreaterThanOrEqual(at(t.dueAt) <= pauseAt ? pauseAt + pausedFor : at(t.dueAt));
        },
      ),
      { numRuns: 300 },
    );
  });
});
