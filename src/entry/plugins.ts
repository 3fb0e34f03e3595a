// switchboard/plugins: writing plugins: the definition, the host API, hooks and their payloads.
export { definePlugin, hookNames } from '../plugins/index.ts';
export { deprecatedHooks } from '../plugins/hooks.ts';
export type {
  PluginDefinition,
  PluginHost,
  FactSpec,
  OperatorSpec,
  ActionSpec,
  ActionServices,
  HookName,
  HookPayloads,
  HookTickets,
  CreateAnnotation,
  JSONSchema,
  EmbeddedPlugin,
  LoadedPlugin,
} from '../plugins/index.ts';
export type { ActionDef, ActionRegistry, ActionContext, ActionTrigger } from '../core/rules/actions.ts';
