import type { Facts } from '../types.ts';
import { booleanOperator, isFactRef } from './compile-condition.ts';
import { compileRead, type Read } from './read-fact.ts';

/**
 * Buckets rules by a discriminating fact. A rule whose top-level `all` holds `fact equal v` or
 * `fact in [..]` (literal, no fact reference) can only pass when the fact's value is one of those
 * values, so other tickets need not test it. Keys are picked greedily by how many rules they
 * cover. Only rules that cannot throw are indexed, so skipping never hides an engine error.
 */
export interface RuleIndex {
  /** Fact (and path) names used as keys, for traces and tests. */
  keys: string[];
  indexedRules: number;
  /** 1 for every rule (by position) that must be tested for these facts; written into `into` when given. */
  candidates(facts: Facts, into?: Uint8Array): Uint8Array;
}

interface Candidate {
  key: string;
  read: Read;
  values: unknown[];
}

const isPrimitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');

/** Discriminating leaves of a rule's conditions (strict equality semantics, NaN never matches). */
export function indexCandidates(conditions: Record<string, unknown>): Candidate[] {
  if (booleanOperator(conditions) !== 'all') return [];
  const out: Candidate[] = [];
  for (const c of conditions.all as Record<string, unknown>[]) {
    if (booleanOperator(c) || Object.hasOwn(c, 'condition')) continue;
    if (typeof c.fact !== 'string' || (c.path && typeof c.path !== 'string') || isFactRef(c.value)) continue;
    let values: unknown[];
    if (c.operator === 'equal' && isPrimitive(c.value)) values = [c.value];
    else if (c.operator === 'in' && Array.isArray(c.value)) values = c.value.filter(isPrimitive);
    else continue;
    const path = (c.path as string | undefined) || '';
    out.push({
      key: path ? `${c.fact} ${path}` : c.fact,
      read: compileRead(c.fact, path),
      values: values.filter((v) => !Number.isNaN(v)),
    });
  }
  return out;
}

export function createRuleIndex(
  rules: readonly { candidates: Candidate[] }[],
  opts: { maxKeys?: number } = {},
): RuleIndex {
  const base = new Uint8Array(rules.length).fill(1);
  const assigned = new Set<number>();
  const keys: { key: string; read: Read; buckets: Map<unknown, number[]> }[] = [];
  for (let k = 0; k < (opts.maxKeys ?? 8); k++) {
    const counts = new Map<string, number>();
    rules.forEach((r, i) => {
      if (assigned.has(i)) return;
      for (const key of new Set(r.candidates.map((c) => c.key))) counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    const best = [...counts].reduce<[string, number] | undefined>((m, e) => (!m || e[1] > m[1] ? e : m), undefined);
    if (!best || best[1] < 2) break;
    const buckets = new Map<unknown, number[]>();
    let read: Read | undefined;
    rules.forEach((r, i) => {
      if (assigned.has(i)) return;
      const hits = r.candidates.filter((c) => c.key === best[0]);
      if (hits.length === 0) return;
      // Several leaves on the key must all hold: the rule needs a value every one of them allows.
      const allowed = hits.map((c) => c.values).reduce((acc, vs) => acc.filter((v) => vs.includes(v)));
      for (const v of new Set(allowed)) buckets.set(v, [...(buckets.get(v) ?? []), i]);
      read ??= hits[0]!.read;
      assigned.add(i);
      base[i] = 0;
    });
    keys.push({ key: best[0], read: read!, buckets });
  }
  return {
    keys: keys.map((k) => k.key),
    indexedRules: assigned.size,
    candidates(facts, into) {
      const mask = into ? (into.set(base), into) : base.slice();
      for (const k of keys) {
        const bucket = k.buckets.get(k.read(facts));
        if (bucket) for (let j = 0; j < bucket.length; j++) mask[bucket[j]!] = 1;
      }
      return mask;
    },
  };
}
