/**
 * Plugins are set up once, at start. A reloaded policy whose `plugins:` adds, removes or
 * reconfigures a plugin cannot go live without a restart; these problems say so, located.
 */
import type { Problem } from '../core/policy/problem.ts';
import type { SourceText } from '../config/read-sources.ts';
import { locate } from '../config/source-map.ts';
import { readDeclaredPlugins } from './declared.ts';

/** `boot`: plugin name → JSON of the options the policy gave at start. */
export function reloadProblems(boot: ReadonlyMap<string, string>, sources: readonly SourceText[]): Problem[] {
  const { plugins: now, map } = readDeclaredPlugins(sources);
  const names = new Set(now.map((d) => d.name));
  const out: Problem[] = [];
  const push = (pointer: string, message: string) => {
    const pos = locate(map, pointer) ?? { file: sources[0]?.file ?? 'policy.yaml', line: 1, col: 1 };
    out.push({ file: pos.file, line: pos.line, col: pos.col, code: 'SWB_PLUGIN_RELOAD', path: pointer, message });
  };
  for (const d of now) {
    const before = boot.get(d.name);
    if (before === undefined)
      push(
        d.pointer.replace(/\/options$/, ''),
        `plugin "${d.name}" was not loaded at start; restart Switchboard to add a plugin`,
      );
    else if (before !== JSON.stringify(d.options ?? {}))
      push(d.pointer, `options of plugin "${d.name}" changed; plugin options apply at start: restart Switchboard`);
  }
  for (const name of boot.keys())
    if (!names.has(name))
      push('/plugins', `plugin "${name}" was removed from plugins:; restart Switchboard to unload it`);
  return out;
}
