import { isAlias, isMap, isPair, isSeq, type Alias, type Document, type Node } from 'yaml';

/** Values aliases may add beyond those written: generous for anchors reused across a policy. */
export const maxAliasExpansion = 100_000;

/**
 * How far aliases expand a document, counted without expanding it: each node's expanded size
 * is computed once (memoised), so a 600-byte alias bomb that would expand to billions of
 * values costs a few hundred steps. Runs before anything walks the tree (source map, toJS).
 */
export function aliasExpansion(doc: Document): {
  written: number;
  expanded: number;
  /** The alias that stands for the most values, and how many. */
  largest?: { alias: Alias; size: number };
} {
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let written = 0;
  let largest: { alias: Alias; size: number } | undefined;
  const count = (node: unknown, viaAlias: boolean): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) return 1; // an alias inside its own anchor
    open.add(node);
    if (!viaAlias) written++;
    let size = 1;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const inner = target ? count(target, true) : 1;
      if (!largest || inner > largest.size) largest = { alias: node, size: inner };
      size = inner;
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) size += count(item, viaAlias);
    } else if (isPair(node)) {
      size = count(node.key, viaAlias) + count(node.value, viaAlias);
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  const expanded = count(doc.contents as Node | null, false);
  return { written, expanded, ...(largest ? { largest } : {}) };
}
