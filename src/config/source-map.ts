import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Where a value (and its key, for map entries) was written. 1-based line and column. */
export interface Position {
  file: string;
  line: number;
  col: number;
  keyLine?: number;
  keyCol?: number;
}

/** JSON pointer (`/slas/0/targets`) → position in the file the admin wrote. */
export type SourceMap = Map<string, Position>;

const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Walks a parsed YAML document and records a position for every value. Aliases and `<<` merge
 * keys are followed, so a value that came through `*anchor` points at the anchored text the
 * admin wrote (yaml's own getIn does not follow them).
 */
export function buildSourceMap(doc: Document, lines: LineCounter, file: string): SourceMap {
  const map: SourceMap = new Map();
  const at = (offset: number) => lines.linePos(offset);

  const walk = (node: unknown, pointer: string, depth: number, key?: Node | null) => {
    if (depth > 64 || node === null || node === undefined) return;
    const n = node as Node;
    if (n.range) {
      const v = at(n.range[0]);
      const pos: Position = { file, line: v.line, col: v.col };
      if (key?.range) {
        const k = at(key.range[0]);
        pos.keyLine = k.line;
        pos.keyCol = k.col;
      }
      if (!map.has(pointer) || key) map.set(pointer, pos);
    }
    if (isAlias(n)) {
      walk(n.resolve(doc), pointer, depth + 1);
      return;
    }
    if (isMap(n)) {
      const explicit: [string, unknown, Node | null][] = [];
      for (const pair of n.items) {
        const k = pair.key as Node | null;
        const raw = isScalar(k) ? k.value : k;
        if (typeof raw === 'symbol' || raw === '<<') {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const s of sources) {
            const target = isAlias(s) ? s.resolve(doc) : s;
            if (isMap(target)) {
              for (const p of target.items) {
                const kk = isScalar(p.key) ? String(p.key.value) : String(p.key);
                walk(p.value, `${pointer}/${escapeKey(kk)}`, depth + 1, p.key as Node);
              }
            }
          }
          continue;
        }
        explicit.push([String(raw), pair.value, k]);
      }
      // Explicit keys win over merged ones, as in the resolved data.
      for (const [k, v, keyNode] of explicit) walk(v, `${pointer}/${escapeKey(k)}`, depth + 1, keyNode);
      return;
    }
    if (isSeq(n)) n.items.forEach((item, i) => walk(item, `${pointer}/${i}`, depth + 1));
  };

  walk(doc.contents, '', 0);
  if (!map.has('')) map.set('', { file, line: 1, col: 1 });
  return map;
}

/** The position of the nearest recorded ancestor of `pointer`. */
export function locate(map: SourceMap, pointer: string, preferKey = false): Position | undefined {
  let p = pointer;
  for (;;) {
    const hit = map.get(p);
    if (hit) {
      if (preferKey && hit.keyLine !== undefined && p === pointer) {
        return { file: hit.file, line: hit.keyLine, col: hit.keyCol ?? 1 };
      }
      return hit;
    }
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
