import { describe, expect, it } from 'vitest';
import { checkCalendarDef, createCalendar } from '../../../src/core/sla/calendar/index.ts';
import type { CalendarDef } from '../../../src/core/policy/types.ts';
import { berlin24x7, laOffice, nightDesk, office, shanghaiOffice, weekendShift } from './support.ts';

const base: CalendarDef = { id: 'c', timezone: 'Europe/Berlin', hours: { mon: ['09:00-17:00'] } };
const check = (patch: Record<string, unknown>) => checkCalendarDef({ ...base, ...patch } as CalendarDef);

describe('checkCalendarDef', () => {
  it.each([office, nightDesk, weekendShift, berlin24x7, laOffice, shanghaiOffice])('accepts $id', (def) => {
    expect(checkCalendarDef(def)).toEqual([]);
  });

  it('accepts the documented example, whose Saturday night overlaps Sunday', () => {
    expect(
      check({
        hours: { mon: ['09:00-12:00', '13:00-17:00'], sat: ['22:00-06:00'], sun: ['00:00-24:00'] },
        holidays: ['2026-10-01', '2026-10-02'],
        overrides: [{ date: '2026-12-24', hours: ['09:00-12:00'] }],
        breaks: [{ date: '2026-01-02', from: '10:00', to: '11:30' }],
      }),
    ).toEqual([]);
  });

  it.each([
    ['an unknown time zone', { timezone: 'Mars/Olympus' }, '/timezone', /unknown time zone "Mars\/Olympus"/],
    ['a missing time zone', { timezone: undefined }, '/timezone', /unknown time zone/],
    [
      'an unknown weekday',
      { hours: { mon: ['09:00-17:00'], monday: ['09:00-17:00'] } },
      '/hours/monday',
      /unknown weekday/,
    ],
    ['a malformed interval', { hours: { mon: ['09:00-12:00', '9-17'] } }, '/hours/mon/1', /HH:MM-HH:MM/],
    ['an hour past 23', { hours: { mon: ['09:00-25:00'] } }, '/hours/mon/0', /HH:MM-HH:MM/],
    ['24:00 as a start', { hours: { mon: ['24:00-06:00'] } }, '/hours/mon/0', /24:00 only as an end/],
    ['an empty interval', { hours: { mon: ['09:00-09:00'] } }, '/hours/mon/0', /empty/],
    ['a non-list weekday', { hours: { mon: '09:00-17:00' } }, '/hours/mon', /expected a list/],
    [
      'overlapping intervals',
      { hours: { mon: ['09:00-12:00', '11:00-13:00'] } },
      '/hours/mon/1',
      /overlaps "09:00-12:00"/,
    ],
    [
      'an overnight interval overlapping one of its day',
      { hours: { mon: ['22:00-06:00', '23:00-23:30'] } },
      '/hours/mon/1',
      /overlaps/,
    ],
    ['no open hours', { hours: {} }, '/hours', /calendar has no open hours/],
    ['no hours at all', { hours: undefined }, '/hours', /calendar has no open hours/],
    ['a malformed holiday', { holidays: ['2026-10-1'] }, '/holidays/0', /YYYY-MM-DD/],
    ['an impossible holiday', { holidays: ['2026-02-30'] }, '/holidays/0', /not a date/],
    [
      'an override date in another format',
      { overrides: [{ date: '24.12.2026', hours: [] }] },
      '/overrides/0/date',
      /YYYY-MM-DD/,
    ],
    [
      'two overrides for one date',
      {
        overrides: [
          { date: '2026-12-24', hours: [] },
          { date: '2026-12-24', hours: ['09:00-10:00'] },
        ],
      },
      '/overrides/1/date',
      /already has an override/,
    ],
    [
      'a bad override interval',
      { overrides: [{ date: '2026-12-24', hours: ['morning'] }] },
      '/overrides/0/hours/0',
      /HH:MM-HH:MM/,
    ],
    [
      'overlapping override intervals',
      { overrides: [{ date: '2026-12-24', hours: ['09:00-12:00', '10:00-11:00'] }] },
      '/overrides/0/hours/1',
      /overlaps/,
    ],
    [
      'a bad break date',
      { breaks: [{ date: 'tomorrow', from: '10:00', to: '11:00' }] },
      '/breaks/0/date',
      /YYYY-MM-DD/,
    ],
    ['a bad break time', { breaks: [{ date: '2026-01-02', from: '10', to: '11:00' }] }, '/breaks/0/from', /HH:MM/],
    [
      'a break ending before it starts',
      { breaks: [{ date: '2026-01-02', from: '11:00', to: '10:00' }] },
      '/breaks/0/to',
      /end after it starts/,
    ],
  ] as const)('reports %s', (_label, patch, path, message) => {
    const problems = check(patch);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)?.message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const problems = check({
      timezone: 'Nowhere',
      hours: { mon: ['x'] },
      holidays: ['y'],
      breaks: [{ date: 'z', from: '1', to: '2' }],
    });
    expect(problems.map((p) => p.path)).toEqual([
      '/timezone',
      '/hours/mon/0',
      '/holidays/0',
      '/breaks/0/date',
      '/breaks/0/from',
      '/breaks/0/to',
    ]);
  });

  it('reports a calendar that is not a mapping', () => {
    expect(checkCalendarDef(null as unknown as CalendarDef)).toEqual([
      { path: '', code: 'SWB_CONFIG_SCHEMA', message: expect.stringMatching(/mapping/) },
    ]);
  });

  it('touching intervals and 24:00 ends are fine', () => {
    expect(check({ hours: { mon: ['09:00-12:00', '12:00-24:00'], tue: ['22:00-00:00'] } })).toEqual([]);
  });
});

describe('createCalendar on bad definitions', () => {
  it('throws with every problem and its path', () => {
    expect(() =>
      createCalendar({ ...base, timezone: 'Mars/Olympus', hours: { mon: ['09:00-12:00', '11:00-13:00'] } }),
    ).toThrow(/calendar "c" is invalid: \/timezone: unknown time zone.*; \/hours\/mon\/1: .*overlaps/);
  });
  it('refuses a calendar without open hours', () => {
    expect(() =>
      createCalendar({
        id: 'closed',
        timezone: 'UTC',
        hours: {},
        overrides: [{ date: '2026-01-01', hours: ['09:00-10:00'] }],
      }),
    ).toThrow(/no open hours/);
  });
});
