/** How many invalid lines an import prints one by one; the rest are counted by reason. */
export const invalidShown = 20;

/**
 * The reason of an invalid line's message, without where it is and what value it had, so that a
 * thousand lines with the same fault count as one reason: `file:12: "createdAt" must be an
 * ISO-8601 time, got "2026/11/30 09:00"` → `"createdAt" must be an ISO-8601 time, got …`.
 */
export function invalidReason(message: string): string {
  return message
    .replace(/^[^\s]*:\d+: /, '')
    .replace(/\bgot .*$/, 'got …')
    .replace(/\([^)]*\)/g, '(…)')
    .replace(/\b(channel|status|priority|group|category) "[^"]*"/g, '$1 "…"');
}

/** Reasons with their counts, most frequent first. */
export function countReasons(messages: readonly string[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const r = invalidReason(m);
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
