// Plugins: the definition API, the host that sets plugins up, and their isolation.
export { definePlugin, isPluginDefinition } from './define-plugin.ts';
export { createPluginManager, type PluginManager, type EmbeddedPlugin, type LoadedPlugin } from './manager.ts';
export { loadPolicyWithPlugins } from './load-policy.ts';
export { hookNames } from './hooks.ts';
export type * from './types.ts';
