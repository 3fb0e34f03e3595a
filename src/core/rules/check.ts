import { didYouMean } from '../util/suggest.ts';
import type { FactRegistry, RuleStage } from './facts.ts';
import { builtinOperators, type OperatorRegistry } from './operators.ts';
import { isSimplePath } from './path.ts';
import type { Condition, RuleDef } from './types.ts';

/** A problem inside one rule; `path` is a JSON pointer relative to the rule. */
export interface RuleProblem {
  path: string;
  message: string;
}

const numeric = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/**
 * Load-time checks json-rules-engine would only hit at run time: unknown operators and facts,
 * paths we cannot resolve, values an operator cannot use, event types the stage does not know.
 */
export function checkRule(
  rule: RuleDef,
  stage: RuleStage,
  ctx: { operators: OperatorRegistry; facts: FactRegistry; eventTypes: readonly string[] },
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const visit = (c: Condition, at: string) => {
    if ('all' in c || 'any' in c) {
      const key = 'all' in c ? 'all' : 'any';
      const list = (c as unknown as Record<string, unknown>)[key];
      if (!Array.isArray(list))
        return problems.push({ path: `${at}/${key}`, message: `"${key}" must be a list of conditions` });
      list.forEach((child, i) => visit(child as Condition, `${at}/${key}/${i}`));
      return;
    }
    if ('not' in c) return visit(c.not, `${at}/not`);
    checkLeaf(c, at);
  };
  const checkLeaf = (c: Extract<Condition, { fact: string }>, at: string) => {
    if (!ctx.facts.has(c.fact, stage)) {
      problems.push({
        path: `${at}/fact`,
        message: `unknown fact "${c.fact}" in ${stage} rules${didYouMean(c.fact, ctx.facts.names(stage))}; known facts: ${ctx.facts.names(stage).join(', ')}`,
      });
    }
    if (!ctx.operators.has(c.operator)) {
      problems.push({
        path: `${at}/operator`,
        message: `unknown operator "${c.operator}"${didYouMean(c.operator, ctx.operators.names())}; known operators: ${ctx.operators.names().join(', ')}`,
      });
    }
    if (c.path !== undefined && !isSimplePath(c.path)) {
      problems.push({
        path: `${at}/path`,
        message: `path "${c.path}" is not a plain path like $.tier or $.address.city`,
      });
    }
    const value = c.value as unknown;
    const isFactRef = value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value;
    if (isFactRef) {
      const ref = value as { fact: string; path?: string };
      if (!ctx.facts.has(ref.fact, stage))
        problems.push({
          path: `${at}/value/fact`,
          message: `unknown fact "${ref.fact}"${didYouMean(ref.fact, ctx.facts.names(stage))}`,
        });
      return;
    }
    if ((c.operator === 'in' || c.operator === 'notIn') && !Array.isArray(value)) {
      problems.push({ path: `${at}/value`, message: `operator "${c.operator}" expects a list of values` });
    }
    if (numeric.has(c.operator) && typeof value !== 'number') {
      problems.push({ path: `${at}/value`, message: `operator "${c.operator}" expects a number` });
    }
    const custom = (builtinOperators as readonly string[]).includes(c.operator)
      ? undefined
      : ctx.operators.get(c.operator);
    const bad = custom?.checkValue?.(value);
    if (bad) problems.push({ path: `${at}/value`, message: `operator "${c.operator}" ${bad}` });
  };
  visit(rule.conditions, '/conditions');
  if (!ctx.eventTypes.includes(rule.event.type)) {
    problems.push({
      path: '/event/type',
      message: `event type "${rule.event.type}" does not belong in ${stage} rules; use ${ctx.eventTypes.map((t) => `"${t}"`).join(' or ')}`,
    });
  }
  return problems;
}
