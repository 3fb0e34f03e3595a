/**
 * An ISO-8601 date-time as history files write it: `2026-11-30T09:00:00Z`, with seconds,
 * fractions, an offset or a space for the T optional. `Date.parse` alone also takes shapes like
 * `2026/11/30 09:00` or `Nov 30 2026`, read differently by different engines, so they are refused.
 */
const isoTime = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function isIsoTime(text: string): boolean {
  return isoTime.test(text) && !Number.isNaN(Date.parse(text));
}
