// The compiled evaluator: rules as synchronous closures, equal to json-rules-engine, indexed.
export { createCompiledRuleSet, type CompiledRuleSet, type CompiledRuleSetOptions } from './compiled-rule-set.ts';
export { compileRules, type CompileResult } from './compile-rules.ts';
