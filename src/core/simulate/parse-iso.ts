/**
 * `Date.parse` for many timestamps, answering canonical UTC strings ("2026-09-01T08:30:00.000Z",
 * what toISOString writes) without the general parser: the time of day is read from the digits,
 * the day from a per-parser cache (days repeat across a history). Anything else, or a shape it
 * does not check fully, goes to `Date.parse` itself, so the answer is always Date.parse's.
 */
export function createIsoParser(): (text: string) => number {
  const days = new Map<string, number>();
  const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
  return (s) => {
    if (
      s.length !== 24 ||
      s.charCodeAt(10) !== 84 ||
      s.charCodeAt(23) !== 90 ||
      s.charCodeAt(13) !== 58 ||
      s.charCodeAt(16) !== 58 ||
      s.charCodeAt(19) !== 46
    )
      return Date.parse(s);
    let ok = true;
    for (const i of timeDigits) {
      const d = digit(s, i);
      if (!(d >= 0 && d <= 9)) ok = false;
    }
    if (!ok) return Date.parse(s);
    const h = digit(s, 11) * 10 + digit(s, 12);
    const m = digit(s, 14) * 10 + digit(s, 15);
    const sec = digit(s, 17) * 10 + digit(s, 18);
    if (h > 23 || m > 59 || sec > 59) return Date.parse(s);
    const dayText = s.slice(0, 10);
    let day = days.get(dayText);
    if (day === undefined) {
      day = Date.parse(`${dayText}T00:00:00.000Z`);
      if (days.size >= 4096) days.clear();
      days.set(dayText, day);
    }
    if (Number.isNaN(day)) return Date.parse(s);
    return day + h * 3_600_000 + m * 60_000 + sec * 1000 + digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  };
}

const timeDigits = [11, 12, 14, 15, 17, 18, 20, 21, 22];
