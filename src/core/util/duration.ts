const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/gy;

/** Parses "90s", "15m", "2h", "1d 4h", "1h30m" to milliseconds; undefined when malformed. */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 60_000 : undefined;
  const src = text.trim();
  if (src === '') return undefined;
  part.lastIndex = 0;
  let total = 0;
  let pos = 0;
  while (pos < src.length) {
    part.lastIndex = pos;
    const m = part.exec(src);
    if (!m) return undefined;
    total += Number(m[1]) * (units[m[2] as string] as number);
    pos = part.lastIndex;
    while (src[pos] === ' ') pos++;
  }
  return Math.round(total);
}

/** 5400000 → "1h30m"; used in messages and explain output. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0m';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const [u, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return sign + (out || `${rest}ms`);
}
