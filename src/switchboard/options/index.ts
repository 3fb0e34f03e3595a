// createSwitchboard's options: their types, JSON Schema, validation and the generated docs table.
export type { FlatSwitchboardOptions, ResolvedOptions, SurveyLink, SwitchboardOptions } from './types.ts';
export { optionsSchema } from './schema.ts';
export { resolveOptions } from './validate.ts';
export { nestFlatOptions, flatOptionPaths } from './flat-options.ts';
export { optionsTableMarkdown } from './table.ts';
