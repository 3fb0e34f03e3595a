import type { Facts } from './types.ts';

/** Per facts object, the names defined by `defineLazyFact` (their getters yield plain values). */
const lazyNames = new WeakMap<object, Set<string>>();

/**
 * Defines `name` on `facts` as computed on first read: for facts that cost something to measure
 * (local time, business minutes) and that few rules read. `compute` returns a plain value (no
 * promise, function or Fact), so the compiled evaluator may skip it when it checks the facts.
 */
export function defineLazyFact(facts: Facts, name: string, compute: () => unknown): void {
  let done = false;
  let value: unknown;
  Object.defineProperty(facts, name, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  });
  let names = lazyNames.get(facts);
  if (!names) lazyNames.set(facts, (names = new Set()));
  names.add(name);
}

/** The lazy facts of this object, which a plainness check need not read. */
export function lazyFactNames(facts: object): ReadonlySet<string> | undefined {
  return lazyNames.get(facts);
}
