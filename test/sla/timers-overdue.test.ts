import { describe, expect, it } from 'vitest';
import { alwaysOpenCalendar } from '../../src/core/sla/calendar/index.ts';
import { pauseTimer } from '../../src/core/sla/timers.ts';
import type { SlaTimer } from '../../src/core/model/ticket.ts';

describe('pausing an overdue clock', () => {
  it('keeps the breach instead of giving the overdue time back', () => {
    const timer: SlaTimer = {
      targetMs: 3_600_000,
      startedAt: '2026-01-05T08:00:00.000Z',
      dueAt: '2026-01-05T09:00:00.000Z',
      warnAt: [],
      state: 'running',
    };
    const late = pauseTimer(timer, alwaysOpenCalendar, Date.parse('2026-01-05T09:30:00Z'));
    expect(late).toMatchObject({ state: 'breached', breachedAt: '2026-01-05T09:00:00.000Z' });
    const onTime = pauseTimer(timer, alwaysOpenCalendar, Date.parse('2026-01-05T08:30:00Z'));
    expect(onTime).toMatchObject({ state: 'paused', remainingMs: 1_800_000 });
  });
});
