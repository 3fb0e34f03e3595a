/**
 * How deeply a parsed JSON value nests, counted without recursion and stopping once past `max`
 * (so a 100,000-level body costs no more than `max` levels). Serialising, masking or diffing a
 * value nested thousands deep overflows the stack; bodies are refused at the edge instead.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const v of level) {
      if (v === null || typeof v !== 'object') continue;
      if (depth >= max) return true;
      for (const child of Array.isArray(v) ? v : Object.values(v))
        if (child !== null && typeof child === 'object') next.push(child);
    }
    level = next;
  }
  return false;
}
