/**
 * The import rules of .dependency-cruiser.cjs plus one it cannot state: no two folders import each
 * other, directly or around a ring (folders are src/<name>/, and src/core/<name>/ inside the core).
 * `npm run check:deps` prints what breaks them; test/architecture runs the same check.
 */
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';

const require = createRequire(import.meta.url);

export interface DependencyReport {
  violations: string[];
  folderCycles: string[][];
}

export function folderOf(path: string): string | undefined {
  const m = /^(src\/core\/[^/]+|src\/[^/]+|plugins\/[^/]+)\//.exec(path);
  return m?.[1];
}

/** Every ring of folders, each once, smallest first (Tarjan's strongly connected components). */
export function folderCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const rings: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const ring: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        ring.push(w);
      } while (w !== v);
      if (ring.length > 1) rings.push(ring.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return rings.sort((a, b) => a.length - b.length);
}

export async function checkDependencies(roots: string[] = ['src', 'plugins']): Promise<DependencyReport> {
  const config = require('../.dependency-cruiser.cjs') as { forbidden: object[]; options: object };
  const result = (
    await cruise(roots, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never)
  ).output as ICruiseResult;
  const violations = result.summary.violations.map(
    (v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (ring: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`,
  );
  const edges = new Map<string, Set<string>>();
  for (const m of result.modules) {
    const from = folderOf(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)!.add(to);
    }
  }
  return { violations, folderCycles: folderCycles(edges) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await checkDependencies();
  for (const v of report.violations) console.error(`  ${v}`);
  for (const c of report.folderCycles) console.error(`  folder ring: ${c.join(' ↔ ')}`);
  const n = report.violations.length + report.folderCycles.length;
  console.error(n === 0 ? 'check:deps: no violations' : `check:deps: ${n} violation(s)`);
  process.exit(n === 0 ? 0 : 1);
}
