/** Per facts object, the names of its lazy facts (getters that yield plain values). */
const lazyNames = new WeakMap<object, ReadonlySet<string>>();

/**
 * Marks getters of `facts` as lazy facts: computed on first read, for facts that cost something
 * to measure (local time, business minutes) and that few rules read. Each getter returns a plain
 * value (no promise, function or Fact), so the compiled evaluator skips them when it checks the
 * facts and never computes what no rule reads. Getters written in an object literal cost far less
 * than Object.defineProperty per fact.
 */
export function markLazyFacts<T extends object>(facts: T, names: ReadonlySet<string>): T {
  lazyNames.set(facts, names);
  return facts;
}

/** The lazy facts of this object, which a plainness check need not read. */
export function lazyFactNames(facts: object): ReadonlySet<string> | undefined {
  return lazyNames.get(facts);
}

/** Facts objects built by the runtime from a stored ticket: JSON-like values only, by construction. */
const plainByConstruction = new WeakSet<object>();

/**
 * Marks facts the runtime built itself from JSON-like data (a ticket, the change): the compiled
 * evaluator need not walk them to prove that no fact is a function, promise or Fact.
 */
export function markPlainFacts<T extends object>(facts: T): T {
  plainByConstruction.add(facts);
  return facts;
}

/** Whether markPlainFacts vouched for this object. */
export function isPlainByConstruction(facts: object): boolean {
  return plainByConstruction.has(facts);
}
