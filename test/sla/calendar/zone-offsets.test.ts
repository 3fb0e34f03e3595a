import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createZoneOffsets, isValidTimeZone } from '../../../src/core/util/zone-offsets.ts';

const zones = [
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Shanghai',
  'Australia/Lord_Howe',
  'America/Santiago',
  'UTC',
];
const wall = (iso: string) => Date.parse(`${iso}Z`);

describe('zone offsets', () => {
  it.each(zones)('%s: learned offsets equal luxon/Intl at any instant 1990–2040', (name) => {
    const zone = createZoneOffsets(name);
    const intl = IANAZone.create(name);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), (t) => {
        return zone.offsetAt(t) === Math.round(intl.offset(t) * 60_000);
      }),
      { numRuns: 300 },
    );
  });

  it('finds changes to the second, at their instant', () => {
    const berlin = createZoneOffsets('Europe/Berlin');
    const change = Date.UTC(2026, 2, 29, 1);
    expect(berlin.offsetAt(change - 1)).toBe(3_600_000);
    expect(berlin.offsetAt(change)).toBe(7_200_000);
    expect(berlin.changesWithin(change - 1, change)).toBe(true);
    expect(berlin.changesWithin(change, change + 1000)).toBe(false);
  });

  it.each([
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z', 'skipped: read with the earlier offset'],
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z', 'repeated: first occurrence'],
    ['America/Los_Angeles', '2026-03-08T02:30', '2026-03-08T10:30:00.000Z', 'skipped'],
    ['America/Los_Angeles', '2026-11-01T01:30', '2026-11-01T08:30:00.000Z', 'repeated'],
    ['Asia/Shanghai', '2026-06-01T09:00', '2026-06-01T01:00:00.000Z', 'plain'],
  ])('%s %s → %s (%s)', (name, local, expected) => {
    expect(new Date(createZoneOffsets(name).toInstant(wall(local))).toISOString()).toBe(expected);
  });

  it('round-trips every instant that is not in a repeated hour', () => {
    const zone = createZoneOffsets('America/Los_Angeles');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (t) => {
        const local = DateTime.fromMillis(t, { zone: 'America/Los_Angeles' });
        fc.pre(local.offset === local.minus({ hours: 2 }).offset && local.offset === local.plus({ hours: 2 }).offset);
        return zone.toInstant(zone.toWall(t)) === t;
      }),
    );
  });

  it('tells valid zone names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
