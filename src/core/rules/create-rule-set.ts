import { compileRules } from './compiled/compile-rules.ts';
import { assembleCompiledRuleSet } from './compiled/compiled-rule-set.ts';
import { createEngineRuleSet } from './engine-rule-set.ts';
import type { OperatorRegistry } from './operators.ts';
import type { RuleDef, RuleSet } from './types.ts';

export interface CreateRuleSetOptions {
  /** 'compiled' (default) uses the compiled evaluator when it can express the rules exactly. */
  mode?: 'compiled' | 'engine';
}

export interface SelectedRuleSet extends RuleSet {
  /** Which evaluator runs the rules, and why the engine when compiled was asked for. */
  readonly mode: 'compiled' | 'engine';
  readonly fallbackReason?: string;
}

/** Compiled when possible (same results, much faster), else json-rules-engine itself. */
export function createRuleSet(
  rules: readonly RuleDef[],
  operators: OperatorRegistry,
  options: CreateRuleSetOptions = {},
): SelectedRuleSet {
  if (options.mode === 'engine') return { ...createEngineRuleSet(rules, operators), mode: 'engine' };
  const check = compileRules(rules, operators);
  if (!check.ok) return { ...createEngineRuleSet(rules, operators), mode: 'engine', fallbackReason: check.reason };
  return Object.assign(assembleCompiledRuleSet(rules, operators, check.rules), { mode: 'compiled' as const });
}
