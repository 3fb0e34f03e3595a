/**
 * The saved metrics head line with only the projections `keep` names parsed. The head holds
 * every projection's cells (tens of MB at 100k tickets, mostly the pairs of dimensions); a
 * one-shot reader that needs a few projections parses those alone. Each projection starts with
 * the text `"<name>":{"cells":[`: in valid JSON that text cannot lie inside a string (a string's
 * quotes are escaped), so it marks exactly the projections. Undefined when the text is not laid
 * out as the saver writes it (the caller then parses it whole).
 */
const marker = '":{"cells":[';
const projectionsKey = ',"projections":{';
const tasksKey = '},"tasks":[';

/** `H`: the head's type (saved-metrics.ts); only its `projections` are looked into here. */
export function parseHeadKeeping<H extends { projections: Record<string, unknown> }>(
  text: string,
  keep: (name: string) => boolean,
): H | undefined {
  const open = text.indexOf(projectionsKey);
  const close = text.lastIndexOf(tasksKey);
  if (open === -1 || close === -1 || close < open) return undefined;
  const starts: { name: string; key: number; value: number }[] = [];
  for (let at = text.indexOf(marker, open); at !== -1 && at < close; at = text.indexOf(marker, at + marker.length)) {
    const quote = text.lastIndexOf('"', at - 1);
    const name = text.slice(quote + 1, at);
    const before = text.charCodeAt(quote - 1);
    // a name with an escape, or a key not right after `{` or `,`: not the saver's layout
    if (quote < open || name.includes('\\') || (before !== 0x7b && before !== 0x2c)) return undefined;
    starts.push({ name, key: quote, value: at + 2 });
  }
  if (starts.length === 0 || starts[0]!.key !== open + projectionsKey.length) return undefined;
  let rest: Omit<H, 'projections'>;
  const projections: Record<string, unknown> = {};
  try {
    rest = JSON.parse(`${text.slice(0, open)},"projections":{${text.slice(close)}`) as typeof rest;
    for (let i = 0; i < starts.length; i++) {
      const { name, value } = starts[i]!;
      if (!keep(name)) continue;
      const end = i + 1 < starts.length ? starts[i + 1]!.key - 1 : close; // before the comma, or the closing brace
      projections[name] = JSON.parse(text.slice(value, end)) as unknown;
    }
  } catch {
    return undefined;
  }
  return { ...rest, projections } as unknown as H;
}
