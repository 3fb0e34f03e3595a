// Rules: json-rules-engine's format, our operators and facts, load-time checks, evaluators.
export type * from './types.ts';
export {
  createOperatorRegistry,
  builtinOperators,
  type OperatorDef,
  type OperatorRegistry,
  type OperatorFn,
} from './operators.ts';
export { createFactRegistry, builtinFacts, type FactDef, type FactRegistry, type RuleStage } from './facts.ts';
export { createEngineRuleSet } from './engine-rule-set.ts';
export {
  createCompiledRuleSet,
  compileRules,
  type CompiledRuleSet,
  type CompiledRuleSetOptions,
  type CompileResult,
} from './compiled/index.ts';
export { createRuleSet, type CreateRuleSetOptions, type SelectedRuleSet } from './create-rule-set.ts';
export { resolvePath, isSimplePath } from './path.ts';
