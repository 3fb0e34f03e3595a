import { checkRule } from '../../core/policy/check-rule.ts';
import { ruleEventTypes } from '../../core/policy/defaults.ts';
import { under } from '../../core/policy/problem.ts';
import { createProblemList } from '../../core/policy/problem-list.ts';
import type { PolicyDoc } from '../../core/policy/types.ts';
import type { RuleStage } from '../../core/rules/facts.ts';
import type { RuleDef } from '../../core/rules/types.ts';
import { findShadowedRules } from '../shadowed-rules.ts';
import type { PolicySection } from './section.ts';

type Stage = RuleStage & keyof typeof ruleEventTypes;

/** A list of rules: ids, shadowed rules, each rule's conditions and its event's references. */
function rulesSection(name: string, at: string, stage: Stage, list: (doc: PolicyDoc) => RuleDef[] | undefined) {
  const section: PolicySection = {
    name,
    at,
    check(doc, ids, ctx) {
      const { push, ref, unique, add, problems } = createProblemList();
      const rules = list(doc) ?? [];
      unique(rules, at, 'rule');
      for (const s of findShadowedRules(rules)) {
        push(
          `${at}/${s.index}`,
          'SWB_CONFIG_RULE_SHADOWED',
          `rule "${s.id}" can never decide: rule "${s.by}" runs before it (${s.why}) and fires whenever it would; raise this rule's priority, narrow "${s.by}", or remove one`,
          'warning',
        );
      }
      rules.forEach((rule, i) => {
        if (!rule) return;
        add(under(`${at}/${i}`, checkRule(rule, stage, { ...ctx, eventTypes: ruleEventTypes[stage] })));
        const params = rule.event.params ?? {};
        const pAt = `${at}/${i}/event/params`;
        if (rule.event.type === 'categorize') ref(`${pAt}/category`, 'category', params.category, ids.categoryIds);
        if (rule.event.type === 'set-priority') ref(`${pAt}/priority`, 'priority level', params.priority, ids.levels);
        if (rule.event.type === 'action') {
          ref(`${pAt}/action`, 'action', params.action, ctx.actions?.names() ?? []);
          const def = typeof params.action === 'string' ? ctx.actions?.get(params.action) : undefined;
          const { action: _name, ...rest } = params;
          for (const m of def?.checkParams?.(rest) ?? []) push(pAt, 'SWB_CONFIG_RULE', `action "${def?.name}": ${m}`);
        }
        if (rule.event.type === 'route') {
          ref(`${pAt}/group`, 'group', params.group, ids.groupIds);
          if (params.collaborators !== undefined) {
            if (!Array.isArray(params.collaborators))
              push(`${pAt}/collaborators`, 'SWB_CONFIG_RULE', 'collaborators must be a list of group ids');
            else params.collaborators.forEach((c, j) => ref(`${pAt}/collaborators/${j}`, 'group', c, ids.groupIds));
          }
          const lead = params.lead as unknown;
          if (lead !== null && typeof lead === 'object' && 'groupLead' in lead)
            ref(`${pAt}/lead/groupLead`, 'group', (lead as { groupLead: unknown }).groupLead, ids.groupIds);
          else if (lead !== undefined) ref(`${pAt}/lead`, 'agent', lead, ids.agentIds);
          if (params.skills !== undefined && !isSkillList(params.skills))
            push(`${pAt}/skills`, 'SWB_CONFIG_RULE', 'skills must be a list of skill names or { name, level }');
        }
      });
      return problems;
    },
  };
  return section;
}

const isSkillList = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (x) =>
      typeof x === 'string' ||
      (typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string'),
  );

export const classificationSection = rulesSection(
  'classification',
  '/classification',
  'classification',
  (d) => d.classification,
);
export const priorityRulesSection = rulesSection(
  'priority rules',
  '/priorities/rules',
  'priority',
  (d) => d.priorities.rules,
);
export const routingRulesSection = rulesSection('routing rules', '/routing/rules', 'routing', (d) => d.routing.rules);
