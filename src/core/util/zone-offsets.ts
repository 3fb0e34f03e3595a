import { IANAZone } from 'luxon';

/**
 * UTC offsets of one IANA zone, with wall-clock ↔ instant conversion by the calendar's rules.
 *
 * Asking Intl (through luxon) for an offset costs about 5 µs; a year of business time needs
 * thousands of conversions. So offsets are learned per 56-day chunk: sample every 7 days and
 * bisect to the second where two samples differ. That assumes a zone never changes its offset
 * twice within 7 days, which holds for every zone in use today.
 */
export interface ZoneOffsets {
  /** Offset in ms (local = instant + offset) at an instant. */
  offsetAt(instant: number): number;
  /** True when the offset changes at some instant in (from, to]. */
  changesWithin(from: number, to: number): boolean;
  /**
   * The instant of a wall-clock time given as ms since 1970-01-01T00:00 local. A time skipped by
   * a forward change counts with the offset before it (02:30 on a spring-forward night is 03:30);
   * a time repeated by a backward change takes its first occurrence.
   */
  toInstant(wallMs: number): number;
  /** The wall-clock time of an instant, as ms since 1970-01-01T00:00 local. */
  toWall(instant: number): number;
}

const DAY = 86_400_000;
const STEP = 7 * DAY;
const CHUNK = 8 * STEP;
/** Offsets lie within -12h..+14h; a wall time's instant is within this much of it. */
const REACH = 15 * 3_600_000;
const MAX_CHUNKS = 2048;

interface Chunk {
  first: number;
  /** Instants where the offset changes, ascending, and the offset from each on. */
  at: number[];
  after: number[];
}

export function isValidTimeZone(name: string): boolean {
  return typeof name === 'string' && name.trim() !== '' && IANAZone.isValidZone(name);
}

export function createZoneOffsets(timezone: string): ZoneOffsets {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new Error(`unknown time zone "${timezone}"; use an IANA name like Europe/Berlin`);
  const ask = (instant: number): number => Math.round(zone.offset(instant) * 60_000);
  // A memo, not shared state: it only ever caches what `ask` would answer.
  const chunks = new Map<number, Chunk>();

  function chunkOf(index: number): Chunk {
    const known = chunks.get(index);
    if (known) return known;
    const start = index * CHUNK;
    const chunk: Chunk = { first: ask(start), at: [], after: [] };
    let previous = chunk.first;
    for (let t = start; t < start + CHUNK; t += STEP) {
      const next = ask(t + STEP);
      if (next !== previous) {
        chunk.at.push(bisect(t, t + STEP, previous));
        chunk.after.push(next);
      }
      previous = next;
    }
    if (chunks.size >= MAX_CHUNKS) chunks.clear();
    chunks.set(index, chunk);
    return chunk;
  }

  /** First whole second in (lo, hi] whose offset differs from `before`. */
  function bisect(lo: number, hi: number, before: number): number {
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (ask(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  function offsetAt(instant: number): number {
    const chunk = chunkOf(Math.floor(instant / CHUNK));
    let offset = chunk.first;
    for (let i = 0; i < chunk.at.length && instant >= (chunk.at[i] as number); i++) offset = chunk.after[i] as number;
    return offset;
  }

  function changesWithin(from: number, to: number): boolean {
    for (let index = Math.floor(from / CHUNK); index <= Math.floor(to / CHUNK); index++) {
      if (chunkOf(index).at.some((t) => t > from && t <= to)) return true;
    }
    return false;
  }

  function toInstant(wallMs: number): number {
    const early = offsetAt(wallMs - REACH);
    const late = offsetAt(wallMs + REACH);
    if (early === late) return wallMs - early;
    const byEarly = wallMs - early;
    const byLate = wallMs - late;
    const earlyFits = offsetAt(byEarly) === early;
    const lateFits = offsetAt(byLate) === late;
    if (earlyFits && lateFits) return Math.min(byEarly, byLate);
    if (lateFits) return byLate;
    // Fits the earlier offset, or fits neither (skipped time): both read it with the earlier one.
    return byEarly;
  }

  return { offsetAt, changesWithin, toInstant, toWall: (instant) => instant + offsetAt(instant) };
}
