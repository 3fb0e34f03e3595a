import type { PartKind } from './saved-parts.ts';

/**
 * Reads the saved metrics head's part lines (saved-parts.ts), parsing only the projections
 * `keep` names: a one-shot reader that needs a few projections skips every other line after
 * reading its kind and name (the pairs of dimensions are most of the text). Each line's items
 * stay in their own array (no line is ever joined with another): `projections` maps a name to
 * the arrays of its cells, backlog moves and open counts, in saved order. A string: why the
 * lines are not parts (damaged, or not what the saver writes).
 */
export interface HeadPieces {
  dims: unknown[][];
  tasks: unknown[][];
  projections: Map<string, ProjectionPieces>;
}

export interface ProjectionPieces {
  cells: unknown[][];
  flow: unknown[][];
  open: unknown[][];
}

const kinds: ReadonlySet<string> = new Set<PartKind>(['dims', 'cells', 'flow', 'open', 'tasks']);

export function parseHeadKeeping(
  lines: readonly string[],
  keep: (name: string) => boolean = () => true,
): HeadPieces | string {
  const out: HeadPieces = { dims: [], tasks: [], projections: new Map() };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const a = line.indexOf('\t');
    const b = a === -1 ? -1 : line.indexOf('\t', a + 1);
    const kind = line.slice(0, a);
    if (b === -1 || !kinds.has(kind)) return `part ${i + 1} of the saved metrics head is not a part line`;
    let name: unknown;
    let items: unknown;
    try {
      name = JSON.parse(line.slice(a + 1, b));
      if (typeof name !== 'string') throw new Error('no name');
      if ((kind === 'dims' || kind === 'tasks' || keep(name)) === false) continue;
      items = JSON.parse(line.slice(b + 1));
      if (!Array.isArray(items)) throw new Error('no items');
    } catch {
      return `part ${i + 1} of the saved metrics head (${kind}) does not parse`;
    }
    if (kind === 'dims') out.dims.push(items);
    else if (kind === 'tasks') out.tasks.push(items);
    else {
      let p = out.projections.get(name as string);
      if (!p) out.projections.set(name as string, (p = { cells: [], flow: [], open: [] }));
      p[kind as 'cells' | 'flow' | 'open'].push(items);
    }
  }
  return out;
}
