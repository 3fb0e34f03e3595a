import { buildEngine } from '../engine-rule-set.ts';
import type { OperatorRegistry } from '../operators.ts';
import type { RuleDef } from '../types.ts';
import { compileCondition, Unsupported, type Run, type SharedLeaves } from './compile-condition.ts';
import { createKeywordIndexBuilder } from './keyword-index.ts';
import { createLeafMemo } from './leaf-memo.ts';
import { indexCandidates } from './rule-index.ts';

export interface CompiledRule {
  id: string;
  test: Run;
  mayThrow: boolean;
  type: string;
  params: () => Record<string, unknown>;
  candidates: ReturnType<typeof indexCandidates>;
}

export type CompileResult = { ok: true; rules: CompiledRule[] } | { ok: false; reason: string };

/**
 * Compiles rules into closures, in the reference's result order (priority desc, then as written).
 * Anything the closures could not reproduce exactly is reported, and the caller uses the engine.
 */
export function compileRules(rules: readonly RuleDef[], operators: OperatorRegistry): CompileResult {
  const ids = new Set<string>();
  for (const r of rules) {
    if (typeof r.id !== 'string' || r.id === '' || ids.has(r.id))
      return { ok: false, reason: `rule id ${JSON.stringify(r.id)} is empty or not unique` };
    ids.add(r.id);
    if (r.priority !== undefined && (typeof r.priority !== 'number' || !Number.isFinite(r.priority))) {
      return { ok: false, reason: `rule "${r.id}" has a priority that is not a finite number` };
    }
  }
  try {
    // The engine mutates conditions while checking them (leaf priorities), so check a copy.
    buildEngine(structuredClone(rules), operators);
  } catch (e) {
    return { ok: false, reason: `json-rules-engine rejects the rules: ${(e as Error).message}` };
  }
  try {
    const shared: SharedLeaves = { keywords: createKeywordIndexBuilder(), memo: createLeafMemo() };
    const compiled = rules.map((r) => compileRule(r, operators, shared));
    shared.keywords.finish();
    // The reference sorts results by (priority ?? 1) desc, then definition order.
    const order = rules.map((r, i) => ({ p: r.priority ?? 1, i }));
    order.sort((a, b) => b.p - a.p || a.i - b.i);
    return { ok: true, rules: order.map(({ i }) => compiled[i]!) };
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, reason: e.message };
    throw e;
  }
}

function compileRule(rule: RuleDef, operators: OperatorRegistry, shared: SharedLeaves): CompiledRule {
  const root = rule.conditions as unknown as Record<string, unknown>;
  const { run, mayThrow } = compileCondition(root, operators, shared);
  return {
    id: rule.id,
    test: run,
    mayThrow,
    type: String(rule.event.type),
    params: eventParams(rule.event.params ?? {}),
    candidates: mayThrow ? [] : indexCandidates(root),
  };
}

/** The engine keeps params only when truthy, deep-clones them per run, and we spread the clone. */
function eventParams(params: unknown): () => Record<string, unknown> {
  if (!params) return () => ({});
  if (!isPlainData(params)) throw new Unsupported('event params are not plain data');
  const flat = typeof params !== 'object' || Object.values(params).every((v) => v === null || typeof v !== 'object');
  if (flat) return () => ({ ...(params as Record<string, unknown>) });
  return () => ({ ...(clonePlain(params) as Record<string, unknown>) });
}

const plainProto = (o: object) => {
  const p: unknown = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null || p === Array.prototype;
};

function isPlainData(v: unknown): boolean {
  if (typeof v === 'function') return false;
  if (v === null || typeof v !== 'object') return true;
  return plainProto(v) && Object.values(v).every(isPlainData);
}

/** Like the `clone` package the engine uses, for plain data: prototypes (even null) are kept. */
function clonePlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clonePlain);
  const out = Object.create(Object.getPrototypeOf(v) as object | null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[k] = clonePlain(x);
  return out;
}
