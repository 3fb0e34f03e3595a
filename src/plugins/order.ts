/** Setup order: every plugin after the plugins it depends on (stable: declaration order otherwise). */
import { SwitchboardError } from '../core/errors/index.ts';

export function orderPlugins<T extends { name: string; dependencies?: readonly string[] }>(plugins: readonly T[]): T[] {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  for (const p of plugins) {
    for (const dep of p.dependencies ?? []) {
      if (!byName.has(dep)) {
        throw new SwitchboardError(
          'SWB_PLUGIN_DEPENDENCY',
          `plugin "${p.name}" depends on plugin "${dep}", which is not loaded; add { name: ${dep} } to plugins:`,
          { plugin: p.name, missing: dep },
        );
      }
    }
  }
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: T, path: string[]) => {
    const s = state.get(p.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(p.name)), p.name];
      throw new SwitchboardError(
        'SWB_PLUGIN_DEPENDENCY',
        `plugins depend on each other in a cycle: ${cycle.join(' → ')}; remove one of these dependencies`,
        { cycle },
      );
    }
    state.set(p.name, 'visiting');
    for (const dep of p.dependencies ?? []) visit(byName.get(dep)!, [...path, p.name]);
    state.set(p.name, 'done');
    out.push(p);
  };
  for (const p of plugins) visit(p, []);
  return out;
}
