import { validRange } from 'semver';
import { SwitchboardError } from '../core/errors/index.ts';
import type { PluginDefinition } from './types.ts';

const namePattern = /^[a-z0-9][a-z0-9-]*$/;
const brand = Symbol.for('switchboard.plugin');

/**
 * Declares a plugin. Checks the declaration's shape at once, so a broken plugin fails where it
 * is written, not at the first ticket.
 */
export function definePlugin<O = Record<string, unknown>>(def: PluginDefinition<O>): PluginDefinition<O> {
  const problems = checkDefinition(def);
  if (problems.length)
    throw new SwitchboardError('SWB_PLUGIN_INVALID', `plugin "${String(def?.name)}": ${problems.join('; ')}`, {
      problems,
    });
  return Object.freeze({
    ...def,
    dependencies: Object.freeze([...(def.dependencies ?? [])]) as string[],
    [brand]: true,
  });
}

export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return value !== null && typeof value === 'object' && checkDefinition(value as PluginDefinition).length === 0;
}

export function checkDefinition(def: PluginDefinition<never>): string[] {
  const out: string[] = [];
  if (def === null || typeof def !== 'object') return ['a plugin is an object from definePlugin({ ... })'];
  if (typeof def.name !== 'string' || !namePattern.test(def.name))
    out.push('name must be lower-case letters, digits and "-"');
  if (typeof def.version !== 'string' || !def.version) out.push('version must be a string like "1.0.0"');
  if (typeof def.switchboard !== 'string' || !validRange(def.switchboard))
    out.push('switchboard must be a semver range like "^0.1.0"');
  if (
    def.dependencies !== undefined &&
    (!Array.isArray(def.dependencies) || def.dependencies.some((d) => typeof d !== 'string'))
  )
    out.push('dependencies must be a list of plugin names');
  if (def.optionsSchema !== undefined && (def.optionsSchema === null || typeof def.optionsSchema !== 'object'))
    out.push('optionsSchema must be a JSON Schema object');
  if (typeof def.setup !== 'function') out.push('setup(host, options) must be a function');
  return out;
}
