import type { Condition, RuleDef } from '../core/rules/types.ts';

export interface Shadowed {
  index: number;
  id: string;
  by: string;
  why: string;
}

/**
 * Rules that can never decide because an earlier rule (higher priority, or the same priority
 * written first) fires whenever they would: the earlier rule is unconditional, has the same
 * conditions, or requires a subset of what the later one requires. Only clear cases are found;
 * `not`, nested groups and fact-to-fact comparisons are treated as unknown (never shadowing).
 */
export function findShadowedRules(rules: readonly (RuleDef | undefined)[]): Shadowed[] {
  const order = rules
    .map((rule, index) => ({ rule, index }))
    .filter((r): r is { rule: RuleDef; index: number } => r.rule !== undefined)
    .sort((a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1) || a.index - b.index);
  const shapes = order.map(({ rule }) => shape(rule.conditions));
  const out: Shadowed[] = [];
  // Earlier rules indexed by event type and leaf, so each rule meets only the earlier rules
  // that share a condition with it (1,000 rules stay well under a millisecond per rule).
  const byType = new Map<string, { unconditional?: number; byLeaf: Map<string, number[]> }>();
  order.forEach(({ rule, index }, k) => {
    const type = String(rule.event?.type);
    let seen = byType.get(type);
    if (!seen) byType.set(type, (seen = { byLeaf: new Map() }));
    const mine = shapes[k];
    const blame = (e: number, why: string) => {
      const earlier = order[e]!.rule;
      out.push({
        index,
        id: rule.id,
        by: earlier.id,
        why: `${why}, priority ${earlier.priority ?? 1} ≥ ${rule.priority ?? 1}`,
      });
    };
    if (mine) {
      const candidates = new Set<number>(seen.unconditional !== undefined ? [seen.unconditional] : []);
      for (const leaf of mine.leaves) for (const e of seen.byLeaf.get(leaf) ?? []) candidates.add(e);
      const first = [...candidates].sort((a, b) => a - b).find((e) => covers(shapes[e]!, mine) !== undefined);
      if (first !== undefined) blame(first, covers(shapes[first]!, mine)!);
    }
    if (!mine) return;
    if (mine.kind === 'all' && mine.leaves.size === 0) seen.unconditional ??= k;
    for (const leaf of mine.leaves) {
      const list = seen.byLeaf.get(leaf);
      if (list) list.push(k);
      else seen.byLeaf.set(leaf, [k]);
    }
  });
  return out.sort((a, b) => a.index - b.index);
}

/** A condition as "all of these leaves" or "any of these leaves" (canonical strings). */
type Shape = { kind: 'all' | 'any'; leaves: Set<string> };

function shape(c: Condition | undefined): Shape | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const key = 'all' in c ? 'all' : 'any' in c ? 'any' : undefined;
  if (!key) return undefined;
  const list = (c as unknown as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return undefined;
  const leaves = new Set<string>();
  for (const item of list as Condition[]) {
    if (!item || typeof item !== 'object' || !('fact' in item)) return undefined;
    leaves.add(canonical(item));
  }
  // any: [x] is all: [x]; all: [] is always true (any: [] never fires).
  return { kind: key === 'any' && leaves.size === 1 ? 'all' : key, leaves };
}

/** Why `earlier` fires whenever `later` does, or undefined when that is not clear. */
function covers(earlier: Shape, later: Shape): string | undefined {
  if (earlier.kind === 'all' && earlier.leaves.size === 0) return 'it has no conditions';
  if (later.kind === 'any' && later.leaves.size === 0) return undefined; // later never fires anyway
  if (earlier.kind === later.kind && same(earlier.leaves, later.leaves)) return 'same conditions';
  if (earlier.kind === 'all' && later.kind === 'all' && [...earlier.leaves].every((l) => later.leaves.has(l)))
    return 'its conditions are a subset';
  if (earlier.kind === 'any' && later.kind === 'all' && [...later.leaves].some((l) => earlier.leaves.has(l)))
    return 'it accepts any one of these conditions';
  if (earlier.kind === 'any' && later.kind === 'any' && [...later.leaves].every((l) => earlier.leaves.has(l)))
    return 'its alternatives include all of these';
  return undefined;
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => k !== 'name')
      .sort()
      .map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
