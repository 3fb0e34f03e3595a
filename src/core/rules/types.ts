/** json-rules-engine's rule format, as written in policy files. */
export interface ConditionLeaf {
  fact: string;
  operator: string;
  value: unknown; // a literal, or { fact, path? } to compare against another fact
  path?: string;
  params?: Record<string, unknown>;
}
export interface ConditionAll {
  all: Condition[];
  priority?: number;
}
export interface ConditionAny {
  any: Condition[];
  priority?: number;
}
export interface ConditionNot {
  not: Condition;
  priority?: number;
}
export type Condition = ConditionLeaf | ConditionAll | ConditionAny | ConditionNot;
export type TopCondition = ConditionAll | ConditionAny | ConditionNot;

export interface RuleEvent {
  type: string;
  params?: Record<string, unknown>;
}

export interface RuleDef {
  id: string;
  /** Higher runs first (json-rules-engine semantics); default 1. */
  priority?: number;
  conditions: TopCondition;
  event: RuleEvent;
  description?: string;
}

/** A fired rule, in evaluation order (priority desc, then the order written). */
export interface FiredEvent {
  ruleId: string;
  type: string;
  params: Record<string, unknown>;
}

/** What a rule saw and decided; the building block of decision traces. */
export interface RuleOutcome {
  ruleId: string;
  passed: boolean;
}

export interface RuleSetResult {
  events: FiredEvent[];
  outcomes: RuleOutcome[];
}

export type Facts = Record<string, unknown>;

/** A compiled rule set: evaluate never shares mutable state between calls. */
export interface RuleSet {
  readonly rules: readonly RuleDef[];
  evaluate(facts: Facts): Promise<RuleSetResult>;
  /** Synchronous evaluation; only evaluators that never await offer it (the compiled one). */
  evaluateSync?(facts: Facts): RuleSetResult;
}
