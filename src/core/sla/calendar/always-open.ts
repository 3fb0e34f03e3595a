import type { BusinessCalendar } from '../../policy/types.ts';

/**
 * The built-in 24×7 calendar (id `24x7`, UTC): business time is elapsed time. Written out
 * rather than built from hours because it is the default for every SLA without a calendar,
 * and here the arithmetic is exact and needs no memo.
 */
export const alwaysOpenCalendar: BusinessCalendar = Object.freeze({
  id: '24x7',
  timezone: 'UTC',
  add: (from: number, ms: number) => finite(from) + finite(ms),
  subtract: (from: number, ms: number) => finite(from) - finite(ms),
  between: (from: number, to: number) => finite(to) - finite(from),
  isOpen: (at: number) => (finite(at), true),
  isBusinessDate: () => true,
});

function finite(value: number): number {
  if (!Number.isFinite(value))
    throw new Error(`business-time arithmetic needs finite epoch milliseconds, got ${value}`);
  return value;
}
