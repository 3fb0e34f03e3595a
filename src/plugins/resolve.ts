/**
 * Finds a plugin by name: `<dir>/<name>/index.{ts,js,mjs}` in each plugin directory (in order),
 * else the npm package `switchboard-plugin-<name>` resolved from the working directory.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SwitchboardError } from '../core/errors/index.ts';
import { checkDefinition } from './define-plugin.ts';
import type { PluginDefinition } from './types.ts';

const entryFiles = ['index.ts', 'index.js', 'index.mjs'];

export async function resolvePlugin(
  name: string,
  opts: { dirs: readonly string[]; cwd: string },
): Promise<{ def: PluginDefinition; from: string }> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new SwitchboardError(
      'SWB_PLUGIN_NOT_FOUND',
      `"${name}" is not a plugin name: use lower-case letters, digits and "-"`,
      { plugin: name },
    );
  }
  let from: string | undefined;
  for (const dir of opts.dirs) {
    from = entryFiles.map((f) => join(dir, name, f)).find((f) => existsSync(f));
    if (from) break;
  }
  if (!from) {
    try {
      from = createRequire(join(opts.cwd, 'package.json')).resolve(`switchboard-plugin-${name}`);
    } catch {
      throw new SwitchboardError(
        'SWB_PLUGIN_NOT_FOUND',
        `plugin "${name}" not found: no ${name}/index.ts in ${opts.dirs.join(', ') || '(no plugin directories)'} and no package switchboard-plugin-${name}`,
        { plugin: name, dirs: opts.dirs },
      );
    }
  }
  const mod = (await importPlugin(name, from)) as { default?: unknown; plugin?: unknown };
  const def = (mod.default ?? mod.plugin) as PluginDefinition;
  const problems = checkDefinition(def as PluginDefinition<never>);
  if (problems.length)
    throw new SwitchboardError(
      'SWB_PLUGIN_INVALID',
      `${from} does not export a plugin (export default definePlugin({ ... })): ${problems.join('; ')}`,
      { plugin: name, from },
    );
  if (def.name !== name)
    throw new SwitchboardError(
      'SWB_PLUGIN_INVALID',
      `${from} defines plugin "${def.name}", but the policy names "${name}"; make the names equal`,
      { plugin: name, from },
    );
  return { def, from };
}

/**
 * Imports a plugin's entry file. The compiled runtime (dist/ on plain Node, what `npm start` runs)
 * cannot import TypeScript itself, so a `.ts` plugin then loads through tsx, scoped to that plugin.
 */
async function importPlugin(name: string, from: string): Promise<unknown> {
  const url = pathToFileURL(from).href;
  try {
    return await import(url);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !from.endsWith('.ts')) throw err;
  }
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch {
    throw new SwitchboardError(
      'SWB_PLUGIN_INVALID',
      `${from} is TypeScript, and this Switchboard runs compiled JavaScript without tsx to load it: install tsx (npm install tsx), or ship the plugin compiled as ${name}/index.js`,
      { plugin: name, from },
    );
  }
  return tsImport(url, import.meta.url);
}
