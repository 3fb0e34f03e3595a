/**
 * json-rules-engine's built-in operators, written as the engine writes them (engine-default-
 * operators.js): the fact-value validator runs first and a failing validator makes the result
 * false. Deliberately the same expressions, so coercions and TypeErrors are the engine's own.
 */
type Binary = (a: unknown, b: unknown) => boolean;
type Indexable = { indexOf(x: unknown): number };

/** numberValidator: `Number.parseFloat(v).toString() !== 'NaN'`, so "5", "5px" and [5] pass. */
const isNumberish = (a: unknown) => !Number.isNaN(Number.parseFloat(a as string));

export const builtinImpls: Readonly<Record<string, Binary>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as Indexable).indexOf(a) > -1,
  notIn: (a, b) => (b as Indexable).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumberish(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumberish(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumberish(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumberish(a) && (a as number) >= (b as number),
};

export const isBuiltin = (name: string) => Object.hasOwn(builtinImpls, name);

/**
 * Whether a built-in can throw, given the rule's value (a literal, or undefined for a fact
 * reference). Only `in`/`notIn` can: `b.indexOf` on a non-array (strings coerce instead).
 * Assumes JSON-like facts: no symbols or null-prototype objects, whose coercion would throw.
 */
export function builtinMayThrow(name: string, literal: { value: unknown } | undefined): boolean {
  if (name !== 'in' && name !== 'notIn') return false;
  return !literal || !Array.isArray(literal.value);
}

/** `in`/`notIn` against a long literal list: a Set gives indexOf's answer (NaN left out). */
export function literalMembership(name: string, list: unknown[]): Binary | undefined {
  if (list.length < 8 || (name !== 'in' && name !== 'notIn')) return undefined;
  const set = new Set(list.filter((v) => !Number.isNaN(v)));
  return name === 'in' ? (a) => set.has(a) : (a) => !set.has(a);
}
