import { createZoneOffsets, type ZoneOffsets } from './zone-offsets.ts';

/**
 * Wall-clock parts of instants in an IANA zone, for hot paths (ticket numbers, script dates).
 * luxon's DateTime costs ~10 µs per conversion; this costs a cached offset lookup plus Date's
 * UTC getters. Offsets come from the SLA calendar's zone tables, learned once per zone.
 */
const zones = new Map<string, ZoneOffsets>();

function offsetsOf(timezone: string): ZoneOffsets {
  let z = zones.get(timezone);
  if (!z) {
    z = createZoneOffsets(timezone);
    zones.set(timezone, z);
  }
  return z;
}

/** The wall-clock time of `instant` in `timezone`, as a Date whose UTC fields are the local ones. */
export function wallDate(instant: number, timezone: string): Date {
  return new Date(offsetsOf(timezone).toWall(instant));
}

const zoneless = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?$/i;

/**
 * An ISO-8601 time as an instant: with Z or an offset as written, without one as the wall-clock
 * time in `timezone` (a date alone is its midnight there). `Date.parse` would read a zoneless
 * time in the process's own zone, so the same file would mean different instants on different
 * machines. NaN when the text is not such a time.
 */
export function instantOf(text: string, timezone: string): number {
  const m = zoneless.exec(text);
  if (!m) return Date.parse(text);
  const wall = Date.parse(`${m[1]}T${m[2] ?? '00:00'}Z`);
  return Number.isNaN(wall) ? wall : offsetsOf(timezone).toInstant(wall);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-11-23" */
export const isoDay = (wall: Date) =>
  `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
/** "20261123" */
export const compactDay = (wall: Date) =>
  `${wall.getUTCFullYear()}${pad(wall.getUTCMonth() + 1)}${pad(wall.getUTCDate())}`;
/** "14:30" */
export const hourMinute = (wall: Date) => `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Formats a wall date with Intl in `locale` (formatters are cached per locale and options). */
export function formatWall(wall: Date, locale: string, options: Intl.DateTimeFormatOptions): string {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f.format(wall);
}
