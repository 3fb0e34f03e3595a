import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/**
 * Keys written twice in one map, found in one pass with a set per map (yaml's own `uniqueKeys`
 * compares each key with every earlier one: 60,000 keys took a minute). Aliases are not
 * followed: what they point at is checked where it is written.
 */
export function duplicateKeys(doc: Document): Node[] {
  const found: Node[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 256 || node === null || typeof node !== 'object') return;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && typeof key.value !== 'symbol' && key.value !== '<<') {
          const k = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(k)) found.push(key);
          else seen.add(k);
        }
        visit(pair.value, depth + 1);
      }
      return;
    }
    if (isSeq(node)) for (const item of node.items) visit(isPair(item) ? item.value : item, depth + 1);
  };
  visit(doc.contents, 0);
  return found;
}
