/**
 * Paths into facts: `$.tier`, `$.address.city`, `$.items[0].sku` (also without the `$.`).
 * Only this plain dotted form is allowed (checked at load time), which keeps the compiled
 * evaluator and json-rules-engine (given this resolver) exactly equal, and is ~2x faster than
 * the engine's default JSONPath.
 */
const pathShape = /^(\$)?(\.?[A-Za-z_][\w-]*|\[\d+\])*$/;

export function isSimplePath(path: string): boolean {
  return path.length > 0 && path !== '$' && pathShape.test(path);
}

/** Splits `$.a.b[0]` into ['a', 'b', 0]. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.?([A-Za-z_][\w-]*)|\[(\d+)\]/g;
  const body = path.startsWith('$') ? path.slice(1) : path;
  for (const m of body.matchAll(re)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

export function resolvePath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of parsePath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
