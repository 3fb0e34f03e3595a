/**
 * Load order with plugins: read the policy → find `plugins:` → resolve and set up the plugins
 * (they add operators, facts and actions) → validate and compile the whole policy against the
 * extended registries.
 */
import type { LoadResult, PolicyLoader } from '../config/load.ts';
import type { SourceText } from '../config/read-sources.ts';
import { readDeclaredPlugins } from './declared.ts';
import type { EmbeddedPlugin, PluginManager } from './manager.ts';

export async function loadPolicyWithPlugins(
  sources: SourceText[],
  deps: { loader: PolicyLoader; plugins: PluginManager; embedded?: readonly EmbeddedPlugin[]; path?: string },
): Promise<LoadResult> {
  // Plugins are declared in the root policy's files (`sources`); what it extends is resolved
  // by the loader afterwards, from the path when there is one.
  const { plugins: declared, map } = readDeclaredPlugins(sources);
  await deps.plugins.setup(deps.embedded ?? [], declared, { map });
  return deps.path !== undefined ? deps.loader.fromPath(deps.path) : deps.loader.fromTexts(sources);
}
