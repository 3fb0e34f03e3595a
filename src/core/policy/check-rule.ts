import { didYouMean } from '../util/suggest.ts';
import type { FactRegistry, RuleStage } from '../rules/facts.ts';
import { builtinOperators, type OperatorRegistry } from '../rules/operators.ts';
import { isSimplePath } from '../rules/path.ts';
import type { Condition, RuleDef } from '../rules/types.ts';
import type { PointedProblem } from './problem.ts';

export interface RuleCheckContext {
  operators: OperatorRegistry;
  facts: FactRegistry;
  eventTypes: readonly string[];
  /** Declared ticket field ids: when the policy declares any, `fact: fields` paths must name one. */
  fields?: ReadonlySet<string>;
}

const numeric = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/**
 * Load-time checks json-rules-engine would only hit at run time: unknown operators and facts
 * (SWB_CONFIG_UNKNOWN_REF, like every unknown name), paths we cannot resolve, values an operator
 * cannot use and event types the stage does not know (SWB_CONFIG_RULE). Paths are relative to
 * the rule.
 */
export function checkRule(rule: RuleDef, stage: RuleStage, ctx: RuleCheckContext): PointedProblem[] {
  const problems: PointedProblem[] = [];
  const unknown = (path: string, message: string) => problems.push({ path, code: 'SWB_CONFIG_UNKNOWN_REF', message });
  const wrong = (path: string, message: string) => problems.push({ path, code: 'SWB_CONFIG_RULE', message });
  const visit = (c: Condition, at: string) => {
    if ('all' in c || 'any' in c) {
      const key = 'all' in c ? 'all' : 'any';
      const list = (c as unknown as Record<string, unknown>)[key];
      if (!Array.isArray(list)) return wrong(`${at}/${key}`, `"${key}" must be a list of conditions`);
      list.forEach((child, i) => visit(child as Condition, `${at}/${key}/${i}`));
      return;
    }
    if ('not' in c) return visit(c.not, `${at}/not`);
    checkLeaf(c, at);
  };
  const checkLeaf = (c: Extract<Condition, { fact: string }>, at: string) => {
    if (!ctx.facts.has(c.fact, stage)) {
      unknown(
        `${at}/fact`,
        `unknown fact "${c.fact}" in ${stage} rules${didYouMean(c.fact, ctx.facts.names(stage))}; known facts: ${ctx.facts.names(stage).join(', ')}`,
      );
    }
    if (!ctx.operators.has(c.operator)) {
      unknown(
        `${at}/operator`,
        `unknown operator "${c.operator}"${didYouMean(c.operator, ctx.operators.names())}; known operators: ${ctx.operators.names().join(', ')}`,
      );
    }
    if (c.path !== undefined && !isSimplePath(c.path)) {
      wrong(`${at}/path`, `path "${c.path}" is not a plain path like $.tier or $.address.city`);
    } else if (c.fact === 'fields' && c.path !== undefined && ctx.fields && ctx.fields.size > 0) {
      const field = c.path.replace(/^\$\./, '').split('.')[0] ?? '';
      if (!ctx.fields.has(field))
        unknown(
          `${at}/path`,
          `unknown field "${field}"${didYouMean(field, ctx.fields)}; declared fields: ${[...ctx.fields].join(', ')}`,
        );
    }
    const value = c.value as unknown;
    const isFactRef = value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value;
    if (isFactRef) {
      const ref = value as { fact: string; path?: string };
      if (!ctx.facts.has(ref.fact, stage))
        unknown(`${at}/value/fact`, `unknown fact "${ref.fact}"${didYouMean(ref.fact, ctx.facts.names(stage))}`);
      return;
    }
    if ((c.operator === 'in' || c.operator === 'notIn') && !Array.isArray(value)) {
      wrong(`${at}/value`, `operator "${c.operator}" expects a list of values`);
    }
    if (numeric.has(c.operator) && typeof value !== 'number') {
      wrong(`${at}/value`, `operator "${c.operator}" expects a number`);
    }
    const custom = (builtinOperators as readonly string[]).includes(c.operator)
      ? undefined
      : ctx.operators.get(c.operator);
    const bad = custom?.checkValue?.(value);
    if (bad) wrong(`${at}/value`, `operator "${c.operator}" ${bad}`);
  };
  visit(rule.conditions, '/conditions');
  if (!ctx.eventTypes.includes(rule.event.type)) {
    wrong(
      '/event/type',
      `event type "${rule.event.type}" does not belong in ${stage} rules; use ${ctx.eventTypes.map((t) => `"${t}"`).join(' or ')}`,
    );
  }
  return problems;
}

/**
 * Problems of a `when` condition (an SLA, automation, workflow or task filter), pointed at the
 * `when` itself: the same checks and the same codes as a rule's conditions.
 */
export function checkWhen(
  when: unknown,
  at: string,
  stage: RuleStage,
  eventType: string,
  ctx: Omit<RuleCheckContext, 'eventTypes'>,
): PointedProblem[] {
  const rule = { id: 'when', conditions: when as RuleDef['conditions'], event: { type: eventType } };
  return checkRule(rule, stage, { ...ctx, eventTypes: [eventType] }).map((p) => ({
    ...p,
    path: `${at}${p.path.replace(/^\/conditions/, '')}`,
  }));
}
