import { Engine, Operator, type RuleProperties } from 'json-rules-engine';
import type { OperatorRegistry } from './operators.ts';
import { resolvePath } from './path.ts';
import type { Facts, RuleDef, RuleSet, RuleSetResult } from './types.ts';

/**
 * The reference evaluator: json-rules-engine itself. An Engine keeps per-run state (its status),
 * so overlapping runs on one Engine can silently skip lower-priority rules. We therefore keep a
 * pool: each evaluation takes an idle Engine (or builds one) and gives it back afterwards.
 */
export function createEngineRuleSet(rules: readonly RuleDef[], operators: OperatorRegistry): RuleSet {
  const build = () => buildEngine(rules, operators);
  const order = new Map(rules.map((r, i) => [r.id, i]));
  const priorityOf = new Map(rules.map((r) => [r.id, r.priority ?? 1]));
  const idle: Engine[] = [];

  const compare = (a: string, b: string) =>
    (priorityOf.get(b) ?? 1) - (priorityOf.get(a) ?? 1) || (order.get(a) ?? 0) - (order.get(b) ?? 0);

  return {
    rules,
    async evaluate(facts: Facts): Promise<RuleSetResult> {
      if (rules.length === 0) return { events: [], outcomes: [] };
      const engine = idle.pop() ?? build();
      // A run that rejects keeps evaluating its remaining priority sets in the background and
      // then marks the Engine finished, which would cut short the next run on it: such an
      // Engine is dropped, never pooled again.
      const { results, failureResults } = await engine.run(facts);
      idle.push(engine);
      const all = [...results, ...failureResults]
        .map((r) => ({ ruleId: String(r.name), passed: r.result === true, event: r.event }))
        .sort((a, b) => compare(a.ruleId, b.ruleId));
      return {
        outcomes: all.map(({ ruleId, passed }) => ({ ruleId, passed })),
        events: all
          .filter((r) => r.passed)
          .map((r) => ({ ruleId: r.ruleId, type: String(r.event?.type), params: { ...(r.event?.params ?? {}) } })),
      };
    },
  };
}

/** One json-rules-engine Engine for the rules; throws what the engine throws for invalid rules. */
export function buildEngine(rules: readonly RuleDef[], operators: OperatorRegistry): Engine {
  const engine = new Engine(
    rules.map((r) => toEngineRule(r)),
    { allowUndefinedFacts: true, pathResolver: resolvePath, replaceFactsInEventParams: false },
  );
  // `accepts` is the engine's factValueValidator: when it fails, the operator is false.
  for (const op of operators.custom()) engine.addOperator(new Operator(op.name, op.evaluate, op.accepts));
  return engine;
}

export function toEngineRule(rule: RuleDef): RuleProperties {
  return {
    name: rule.id,
    priority: rule.priority ?? 1,
    conditions: rule.conditions as RuleProperties['conditions'],
    event: { type: rule.event.type, params: rule.event.params ?? {} },
  };
}
