/**
 * Reads `plugins:` from policy texts before the policy is validated: plugins must be set up
 * first, because they add the operators and facts the policy's rules use. Positions are kept so
 * bad options are reported at file:line:col. YAML errors are left for the loader to report.
 */
import type { SourceText } from '../config/read-sources.ts';
import { mergeFiles } from '../config/merge-files.ts';
import { parseYamlFile } from '../config/parse-file.ts';
import type { SourceMap } from '../config/source-map.ts';

export interface DeclaredPlugin {
  name: string;
  options: unknown;
  /** JSON pointer of the entry's options in the merged policy, e.g. /plugins/0/options. */
  pointer: string;
}

export function readDeclaredPlugins(sources: readonly SourceText[]): { plugins: DeclaredPlugin[]; map: SourceMap } {
  const parsed = sources.map((s) => parseYamlFile(s.file, s.text));
  if (parsed.some((p) => p.problems.some((x) => x.severity !== 'warning'))) return { plugins: [], map: new Map() };
  const merged = mergeFiles(parsed);
  const list = merged.data.plugins;
  const plugins: DeclaredPlugin[] = [];
  if (Array.isArray(list)) {
    list.forEach((entry: unknown, i) => {
      // Malformed entries are the schema's to report (with positions); skip them here.
      if (entry === null || typeof entry !== 'object') return;
      const { name, options } = entry as { name?: unknown; options?: unknown };
      if (typeof name === 'string') plugins.push({ name, options: options ?? {}, pointer: `/plugins/${i}/options` });
    });
  }
  return { plugins, map: merged.map };
}
