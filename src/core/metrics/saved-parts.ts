import { packBucket } from './packed-bucket.ts';
import type { Projection } from './projection.ts';

/**
 * The saved metrics head's bulk as part lines, each at most `pieceChars` characters: the
 * dimension combinations, each projection's cells, backlog moves and open counts, and the task
 * cells. A line is `<kind>\t<projection name as JSON>\t<JSON array of items>` (saved-head.ts
 * reads them back); a day whose cells alone pass the bound is cut into several items of that
 * day. One item larger than the bound (a single cell) gets a line of its own. No line, however
 * many tickets, comes near a string's or a database value's size limit.
 */
export type PartKind = 'dims' | 'cells' | 'flow' | 'open' | 'tasks';

/** Lines short enough for any store: a few MB each. */
export const defaultPieceChars = 8_000_000;

export function headPartLines(
  parts: {
    dims: readonly string[];
    projections: ReadonlyMap<string, Projection>;
    tasks: readonly unknown[];
  },
  pieceChars = defaultPieceChars,
): string[] {
  const bound = Math.max(1, Math.floor(pieceChars));
  const out: string[] = [];
  pack(out, 'dims', '', jsonEach(parts.dims), bound);
  for (const [name, p] of parts.projections) {
    const before = out.length;
    pack(
      out,
      'cells',
      name,
      dayItems(p.cells, bound, (byKey) => [...byKey].map(([k, c]) => [k, c.dims, packBucket(c.bucket)])),
      bound,
    );
    const counts = (byKey: Projection['open']) =>
      [...byKey].filter(([, c]) => c.n !== 0).map(([k, c]) => [k, c.dims, c.n] as unknown);
    pack(out, 'flow', name, dayItems(p.flow, bound, counts), bound);
    pack(out, 'open', name, jsonEach(counts(p.open)), bound);
    if (out.length === before) out.push(`open\t${JSON.stringify(name)}\t[]`); // named even when empty
  }
  pack(out, 'tasks', '', jsonEach(parts.tasks), bound);
  return out;
}

function* jsonEach(items: Iterable<unknown>): Generator<string> {
  for (const item of items) yield JSON.stringify(item);
}

/** `[day, entries]` per day; a day past the bound is cut into several `[day, some entries]`. */
function* dayItems<V>(byDay: ReadonlyMap<string, V>, bound: number, entriesOf: (v: V) => unknown[]): Generator<string> {
  for (const [day, v] of byDay) {
    const entries = entriesOf(v);
    if (entries.length === 0) continue;
    const whole = JSON.stringify([day, entries]);
    if (whole.length <= bound) {
      yield whole;
      continue;
    }
    const open = `[${JSON.stringify(day)},[`;
    let text = '';
    for (const entry of entries) {
      const e = JSON.stringify(entry);
      if (text && open.length + text.length + 1 + e.length + 2 > bound) {
        yield `${open}${text}]]`;
        text = '';
      }
      text = text ? `${text},${e}` : e;
    }
    if (text) yield `${open}${text}]]`;
  }
}

/** Item texts into lines of the kind, each at most `bound` characters (a lone larger item alone). */
function pack(out: string[], kind: PartKind, name: string, items: Iterable<string>, bound: number): void {
  const prefix = `${kind}\t${JSON.stringify(name)}\t[`;
  let batch: string[] = [];
  let length = prefix.length + 1;
  for (const item of items) {
    if (batch.length > 0 && length + item.length + 1 > bound) {
      out.push(`${prefix}${batch.join(',')}]`);
      batch = [];
      length = prefix.length + 1;
    }
    batch.push(item);
    length += item.length + 1;
  }
  if (batch.length > 0) out.push(`${prefix}${batch.join(',')}]`);
}
