import type { OperatorRegistry } from '../operators.ts';
import type { Facts } from '../types.ts';
import { builtinImpls, builtinMayThrow, isBuiltin, literalMembership } from './builtin-operators.ts';
import { isThenable, NeedsEngine } from './needs-engine.ts';
import type { KeywordIndexBuilder } from './keyword-index.ts';
import type { LeafMemo } from './leaf-memo.ts';
import { compileRead, type Read } from './read-fact.ts';

/** Raw condition result: leaves return what the operator returned, booleans return booleans. */
export type Run = (facts: Facts) => unknown;

export interface CompiledCondition {
  run: Run;
  /** Can throw: then it is evaluated wherever the engine evaluates it, never short-circuited. */
  mayThrow: boolean;
}

/** A rule the compiled evaluator cannot express exactly; the rule set runs on the engine. */
export class Unsupported extends Error {}

type Node = Record<string, unknown>;
const hasOwn = (o: object, k: string) => Object.hasOwn(o, k);

/** Condition.booleanOperator: `any` wins over `all`, which wins over `not`. */
export function booleanOperator(c: Node): 'any' | 'all' | 'not' | undefined {
  if (hasOwn(c, 'any')) return 'any';
  if (hasOwn(c, 'all')) return 'all';
  if (hasOwn(c, 'not')) return 'not';
  return undefined;
}

export const isFactRef = (v: unknown): v is Node => v != null && typeof v === 'object' && hasOwn(v, 'fact');

/** Priority of a condition within its parent: `parseInt(priority) || 1` (facts carry priority 1). */
export const conditionPriority = (c: Node) => Number.parseInt(c.priority as string, 10) || 1;

const thrower = (message: string): CompiledCondition => ({
  run: () => {
    throw new Error(message);
  },
  mayThrow: true,
});

/** Per rule set: keyword leaves share one matcher per fact, pure leaves a memo (see their files). */
export interface SharedLeaves {
  keywords: KeywordIndexBuilder;
  memo: LeafMemo;
}

/** Literal values are cloned like the engine clones conditions: objects never equal a fact's. */
function cloneLiteral(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  try {
    return structuredClone(v);
  } catch {
    throw new Unsupported('a condition value is not plain data');
  }
}

const badPath = (p: unknown) => Boolean(p) && typeof p !== 'string';

/** With `shared`, call `shared.keywords.finish()` before running the result. */
export function compileCondition(c: Node, operators: OperatorRegistry, shared?: SharedLeaves): CompiledCondition {
  const kind = booleanOperator(c);
  if (kind) return compileBoolean(kind, c, operators, shared);
  if (hasOwn(c, 'condition')) return thrower(`No condition ${String(c.condition)} exists`);
  return compileLeaf(c, operators, shared);
}

function compileLeaf(c: Node, operators: OperatorRegistry, shared?: SharedLeaves): CompiledCondition {
  const name = c.operator;
  if (typeof name !== 'string') return thrower(`Unknown operator: ${String(name)}`);
  if (name.includes(':')) throw new Unsupported(`operator "${name}" uses json-rules-engine decorators`);
  const value = c.value;
  const ref = isFactRef(value);
  if (badPath(c.path) || (ref && badPath(value.path))) return thrower('path must be a string');
  const lhs = compileRead(c.fact, c.path);
  const literal = ref ? undefined : { value: cloneLiteral(value) };
  const rhs: Read | undefined = ref ? compileRead(value.fact, value.path) : undefined;

  if (isBuiltin(name)) {
    const mayThrow = builtinMayThrow(name, literal);
    if (literal) {
      const b = literal.value;
      if (name === 'equal') return { run: (f) => lhs(f) === b, mayThrow };
      const impl = (Array.isArray(b) && literalMembership(name, b)) || builtinImpls[name]!;
      return { run: (f) => impl(lhs(f), b), mayThrow };
    }
    const impl = builtinImpls[name]!;
    return { run: (f) => impl(lhs(f), rhs!(f)), mayThrow };
  }

  const def = operators.get(name);
  if (!def) return thrower(`Unknown operator: ${name}`);
  if (def.async) throw new Unsupported(`operator "${name}" is asynchronous`);
  const { accepts, evaluate } = def;
  const mayThrow = !(def.total === true && literal !== undefined && def.checkValue?.(literal.value) === undefined);
  const b = literal?.value;
  const key = c.path ? `${String(c.fact)} ${String(c.path)}` : String(c.fact);
  if (def.keywords && shared && literal)
    return { mayThrow, run: shared.keywords.leaf(key, lhs, Array.isArray(b) ? b : [b], def.keywords) };
  // Operator.evaluate: `factValueValidator(a) && cb(a, b)`, raw (a non-boolean stays one).
  const answer = (a: unknown, v: unknown) => {
    const r: unknown = accepts ? accepts(a) && evaluate(a, v) : evaluate(a, v);
    if (r !== true && r !== false && isThenable(r)) throw new NeedsEngine(`operator "${name}" returned a promise`);
    return r;
  };
  if (def.pure && shared && literal && typeof b === 'string' && typeof c.fact === 'string') {
    return {
      mayThrow,
      run: shared.memo.leaf(JSON.stringify([c.fact, c.path || '', name, b]), lhs, (a) => answer(a, b)),
    };
  }
  return { mayThrow, run: rhs ? (f) => answer(lhs(f), rhs(f)) : (f) => answer(lhs(f), b) };
}

function compileBoolean(
  kind: 'any' | 'all' | 'not',
  c: Node,
  operators: OperatorRegistry,
  shared?: SharedLeaves,
): CompiledCondition {
  if (kind === 'not') {
    const child = compileCondition(c.not as Node, operators, shared);
    const run = child.run;
    return { run: (f) => !run(f), mayThrow: child.mayThrow };
  }
  const list = c[kind] as Node[];
  if (list.length === 0) return { run: () => true, mayThrow: false }; // all: [] and any: [] both pass
  if (list.length === 1) {
    const child = compileCondition(list[0]!, operators, shared);
    const run = child.run;
    return { run: (f) => run(f) === true, mayThrow: child.mayThrow };
  }
  // Children run in priority sets, highest first; a set is decided before the next one starts.
  const byPriority = new Map<number, CompiledCondition[]>();
  for (const child of list) {
    const p = conditionPriority(child);
    byPriority.set(p, [...(byPriority.get(p) ?? []), compileCondition(child, operators, shared)]);
  }
  const sets = [...byPriority.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, cs]) => ({
      throwers: cs.filter((x) => x.mayThrow).map((x) => x.run),
      safe: cs.filter((x) => !x.mayThrow).map((x) => x.run),
    }));
  const mayThrow = sets.some((s) => s.throwers.length > 0);
  const runs = sets.length === 1 && !mayThrow ? sets[0]!.safe : undefined;
  if (kind === 'all') {
    if (runs)
      return {
        mayThrow,
        run: (f) => {
          for (let i = 0; i < runs.length; i++) if (runs[i]!(f) !== true) return false;
          return true;
        },
      };
    return {
      mayThrow,
      run: (f) => {
        for (const s of sets) {
          let ok = true;
          for (const t of s.throwers) if (t(f) !== true) ok = false; // the engine evaluates the whole set
          if (!ok) return false;
          for (const r of s.safe) if (r(f) !== true) return false;
        }
        return true;
      },
    };
  }
  if (runs)
    return {
      mayThrow,
      run: (f) => {
        for (let i = 0; i < runs.length; i++) if (runs[i]!(f) === true) return true;
        return false;
      },
    };
  return {
    mayThrow,
    run: (f) => {
      for (const s of sets) {
        let hit = false;
        for (const t of s.throwers) if (t(f) === true) hit = true;
        if (hit) return true;
        for (const r of s.safe) if (r(f) === true) return true;
      }
      return false;
    },
  };
}
