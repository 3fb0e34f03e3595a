import { Fact } from 'json-rules-engine';
import { isPlainByConstruction, lazyFactNames } from '../lazy-fact.ts';

/**
 * Thrown (never escapes the compiled evaluator) when a value would make json-rules-engine await
 * or call something: the evaluation is then handed to the engine, which decides exactly.
 */
export class NeedsEngine {
  constructor(readonly reason: string) {}
}

export function isThenable(v: unknown): boolean {
  return (
    v !== null &&
    (typeof v === 'object' || typeof v === 'function') &&
    typeof (v as { then?: unknown }).then === 'function'
  );
}

/**
 * Whether the compiled evaluator may read these facts as plain values. The engine walks them with
 * for-in (inherited enumerable keys included), calls functions as dynamic facts, awaits promises,
 * uses Fact instances under their own id, and throws on an empty fact id: all handed to the engine.
 * Lazy facts (defineLazyFact) are plain by construction and not read here, so a check never
 * computes what no rule reads. Facts the runtime built from a ticket (markPlainFacts) are not walked.
 */
export function plainFactsProblem(facts: unknown): string | undefined {
  if (facts === null || typeof facts !== 'object') return 'facts are not an object';
  if (isPlainByConstruction(facts)) return undefined;
  const proto: unknown = Object.getPrototypeOf(facts);
  if (proto !== Object.prototype && proto !== null) return 'facts object has a prototype of its own';
  const lazy = lazyFactNames(facts);
  for (const key in facts) {
    if (lazy?.has(key)) continue;
    const v = (facts as Record<string, unknown>)[key];
    // Strings, numbers and the like first: they are most facts and need no more checks.
    if (typeof v === 'object') {
      if (v !== null && (v instanceof Fact || isThenable(v))) return `fact "${key}" is a promise or Fact`;
    } else if (typeof v === 'function') return `fact "${key}" is a function`;
    if (key.length === 0) return 'a fact has an empty name';
  }
  return undefined;
}
