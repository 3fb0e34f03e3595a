import type { FactRegistry, RuleStage } from '../core/rules/facts.ts';
import { checkRule } from '../core/rules/check.ts';
import { checkRouting } from '../core/routing/check-routing.ts';
import type { ActionRegistry } from '../core/rules/actions.ts';
import type { OperatorRegistry } from '../core/rules/operators.ts';
import type { RuleDef } from '../core/rules/types.ts';
import { checkCalendarDef } from '../core/sla/calendar/index.ts';
import { isValidTimeZone } from '../core/util/zone-offsets.ts';
import { checkTemplate } from '../core/pipeline/template.ts';
import { parseDuration } from '../core/util/duration.ts';
import { didYouMean, listValues } from '../core/util/suggest.ts';
import type { ErrorCode } from '../core/errors/index.ts';
import { builtinCalendarId, defaultStatuses, ruleEventTypes } from '../core/policy/defaults.ts';
import { findShadowedRules } from './shadowed-rules.ts';
import type { PolicyDoc, SlaAction } from '../core/policy/types.ts';
import { checkWorkflows } from './check-workflows.ts';
import { checkQaFaq } from '../core/qa/check-policy.ts';

/** A problem found by pointer; positions are attached by the loader. */
export interface PointedProblem {
  path: string;
  code: ErrorCode;
  message: string;
  severity?: 'error' | 'warning';
}

export interface CheckContext {
  operators: OperatorRegistry;
  facts: FactRegistry;
  /** Actions rules may run; without a registry, no `action` event is allowed. */
  actions?: ActionRegistry;
}

/** Everything the schema cannot say: references between ids, rule contents, templates. */
export function crossCheck(doc: PolicyDoc, ctx: CheckContext): PointedProblem[] {
  const out: PointedProblem[] = [];
  // Runs on documents that may have failed the schema: a section that meets a shape it cannot
  // read is skipped (the schema problem is already reported), the other sections still run.
  const section = (fn: () => void) => {
    try {
      fn();
    } catch {
      /* malformed input in this section: reported by the schema */
    }
  };
  const push = (path: string, code: ErrorCode, message: string, severity?: 'warning') =>
    out.push(severity ? { path, code, message, severity } : { path, code, message });
  const ref = (path: string, kind: string, value: unknown, known: Iterable<string>) => {
    if (value === undefined || value === '') return; // missing: the schema reports it
    const set = [...known];
    if (typeof value === 'string' && set.includes(value)) return;
    push(
      path,
      'SWB_CONFIG_UNKNOWN_REF',
      `unknown ${kind} "${String(value)}"${didYouMean(String(value), set)}; defined: ${listValues(set) || '(none)'}`,
    );
  };
  const unique = (list: { id: string }[] | undefined, at: string, kind: string) => {
    const seen = new Map<string, number>();
    (list ?? []).forEach((item, i) => {
      if (item === null || typeof item !== 'object') return;
      const first = seen.get(item.id);
      if (first !== undefined)
        push(`${at}/${i}/id`, 'SWB_CONFIG_DUPLICATE_ID', `duplicate ${kind} id "${item.id}" (also at ${at}/${first})`);
      else seen.set(item.id, i);
    });
    return new Set(seen.keys());
  };

  if (doc.timezone !== undefined && !isValidTimeZone(doc.timezone)) {
    push(
      '/timezone',
      'SWB_CONFIG_SCHEMA',
      `unknown time zone "${doc.timezone}": use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC`,
    );
  }
  (doc.calendars ?? []).forEach((c, i) => {
    if (c.id === builtinCalendarId)
      push(
        `/calendars/${i}/id`,
        'SWB_CONFIG_DUPLICATE_ID',
        `calendar id "${builtinCalendarId}" is built in (always open); choose another id`,
      );
  });
  const channelIds = unique(doc.channels, '/channels', 'channel');
  const channelKinds = new Set(doc.channels.map((c) => c.kind));
  unique(doc.categories, '/categories', 'category');
  const categoryIds = new Set<string>();
  doc.categories.forEach((c, i) => {
    categoryIds.add(c.id);
    unique(c.children, `/categories/${i}/children`, `category "${c.id}/…"`);
    for (const child of c.children ?? []) categoryIds.add(`${c.id}/${child.id}`);
  });
  if (doc.defaultCategory !== undefined) ref('/defaultCategory', 'category', doc.defaultCategory, categoryIds);
  const statuses = doc.statuses ?? defaultStatuses;
  const statusIds = unique(statuses, '/statuses', 'status');
  for (const kind of ['new', 'open', 'pending', 'resolved', 'closed'] as const) {
    if (!statuses.some((s) => s.kind === kind))
      push(
        '/statuses',
        'SWB_CONFIG_UNKNOWN_REF',
        `no status of kind "${kind}": add one, e.g. { id: ${kind}, kind: ${kind} }`,
      );
  }
  const levels = doc.priorities.levels;
  unique(
    levels.map((id) => ({ id })),
    '/priorities/levels',
    'priority level',
  );
  ref('/priorities/default', 'priority level', doc.priorities.default, levels);
  const agentIds = unique(doc.agents, '/agents', 'agent');
  const groupIds = unique(doc.routing.groups, '/routing/groups', 'group');
  const calendarIds = unique(doc.calendars, '/calendars', 'calendar');
  calendarIds.add(builtinCalendarId);

  section(() =>
    doc.calendars?.forEach((cal, i) => {
      for (const p of checkCalendarDef(cal)) push(`/calendars/${i}${p.path}`, 'SWB_CONFIG_SCHEMA', p.message);
    }),
  );

  section(() =>
    doc.routing.groups.forEach((g, i) => {
      g.members.forEach((m, j) => ref(`/routing/groups/${i}/members/${j}`, 'agent', m, agentIds));
      if (g.lead !== undefined) ref(`/routing/groups/${i}/lead`, 'agent', g.lead, agentIds);
      if (g.members.length === 0)
        push(
          `/routing/groups/${i}/members`,
          'SWB_CONFIG_SCHEMA',
          `group "${g.id}" has no members; tickets routed to it stay unassigned`,
          'warning',
        );
    }),
  );
  ref('/routing/fallback', 'group', doc.routing.fallback, groupIds);
  checkRouting(doc, push, ref, { calendars: calendarIds, groups: groupIds, channelKinds });

  const rules = (list: RuleDef[] | undefined, at: string, stage: RuleStage & keyof typeof ruleEventTypes) => {
    unique(list, at, 'rule');
    for (const s of findShadowedRules(list ?? [])) {
      push(
        `${at}/${s.index}`,
        'SWB_CONFIG_RULE_SHADOWED',
        `rule "${s.id}" can never decide: rule "${s.by}" runs before it (${s.why}) and fires whenever it would; raise this rule's priority, narrow "${s.by}", or remove one`,
        'warning',
      );
    }
    (list ?? []).forEach((rule, i) =>
      section(() => {
        for (const p of checkRule(rule, stage, { ...ctx, eventTypes: ruleEventTypes[stage] })) {
          push(
            `${at}/${i}${p.path}`,
            p.path.endsWith('/operator') || p.path.endsWith('/fact') ? 'SWB_CONFIG_UNKNOWN_REF' : 'SWB_CONFIG_RULE',
            p.message,
          );
        }
        const params = rule.event.params ?? {};
        const pAt = `${at}/${i}/event/params`;
        if (rule.event.type === 'categorize') ref(`${pAt}/category`, 'category', params.category, categoryIds);
        if (rule.event.type === 'set-priority') ref(`${pAt}/priority`, 'priority level', params.priority, levels);
        if (rule.event.type === 'action') {
          const known = ctx.actions?.names() ?? [];
          ref(`${pAt}/action`, 'action', params.action, known);
          const def = typeof params.action === 'string' ? ctx.actions?.get(params.action) : undefined;
          const { action: _name, ...rest } = params;
          for (const m of def?.checkParams?.(rest) ?? []) push(pAt, 'SWB_CONFIG_RULE', `action "${def!.name}": ${m}`);
        }
        if (rule.event.type === 'route') {
          ref(`${pAt}/group`, 'group', params.group, groupIds);
          if (params.collaborators !== undefined) {
            if (!Array.isArray(params.collaborators))
              push(`${pAt}/collaborators`, 'SWB_CONFIG_RULE', 'collaborators must be a list of group ids');
            else params.collaborators.forEach((c, j) => ref(`${pAt}/collaborators/${j}`, 'group', c, groupIds));
          }
          if (params.lead !== undefined) ref(`${pAt}/lead`, 'agent', params.lead, agentIds);
          if (
            params.skills !== undefined &&
            (!Array.isArray(params.skills) ||
              !params.skills.every(
                (x) =>
                  typeof x === 'string' ||
                  (typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string'),
              ))
          ) {
            push(`${pAt}/skills`, 'SWB_CONFIG_RULE', 'skills must be a list of skill names or { name, level }');
          }
        }
      }),
    );
  };
  rules(doc.classification, '/classification', 'classification');
  rules(doc.priorities.rules, '/priorities/rules', 'priority');
  rules(doc.routing.rules, '/routing/rules', 'routing');

  unique(doc.slas, '/slas', 'SLA');
  doc.slas.forEach((sla, i) =>
    section(() => {
      const at = `/slas/${i}`;
      if (sla.calendar !== undefined) ref(`${at}/calendar`, 'calendar', sla.calendar, calendarIds);
      sla.pauseOn?.forEach((s, j) => ref(`${at}/pauseOn/${j}`, 'status', s, statusIds));
      if (sla.when) {
        for (const p of checkRule({ id: sla.id, conditions: sla.when, event: { type: 'sla' } }, 'sla', {
          ...ctx,
          eventTypes: ['sla'],
        })) {
          push(`${at}/when${p.path.replace(/^\/conditions/, '')}`, 'SWB_CONFIG_RULE', p.message);
        }
      }
      const actions = (list: SlaAction[], aAt: string) =>
        list.forEach((a, j) => {
          if ('reassign' in a && a.reassign !== 'group-lead')
            ref(`${aAt}/${j}/reassign`, 'group', a.reassign, groupIds);
          if ('set-status' in a) ref(`${aAt}/${j}/set-status`, 'status', a['set-status'], statusIds);
        });
      sla.onBreach?.forEach((step, j) => actions(step.do, `${at}/onBreach/${j}/do`));
      unique(sla.automations, `${at}/automations`, 'automation');
      sla.automations?.forEach((a, j) => {
        const aAt = `${at}/automations/${j}`;
        for (const p of checkRule({ id: a.id, conditions: a.when, event: { type: 'match' } }, 'automation', {
          ...ctx,
          eventTypes: ['match'],
        })) {
          push(
            `${aAt}/when${p.path.replace(/^\/conditions/, '')}`,
            p.path.endsWith('/fact') || p.path.endsWith('/operator') ? 'SWB_CONFIG_UNKNOWN_REF' : 'SWB_CONFIG_RULE',
            p.message,
          );
        }
        actions(a.do, `${aAt}/do`);
      });
      for (const [tier, matrix] of Object.entries(sla.tiers ?? {})) {
        for (const [kind, byLevel] of Object.entries(matrix)) {
          for (const level of Object.keys(byLevel ?? {}))
            ref(`${at}/tiers/${tier}/${kind}/${level}`, 'priority level', level, levels);
        }
      }
      for (const kind of ['firstResponse', 'resolution'] as const) {
        const matrix = sla.targets[kind];
        if (!matrix) continue;
        for (const [level, target] of Object.entries(matrix)) {
          const tAt = `${at}/targets/${kind}/${level}`;
          ref(tAt, 'priority level', level, levels);
          if (typeof target === 'object') {
            for (const [key, d] of Object.entries(target)) {
              if (key !== 'default' && !channelIds.has(key) && !channelKinds.has(key)) {
                push(
                  `${tAt}/${key}`,
                  'SWB_CONFIG_UNKNOWN_REF',
                  `"${key}" is neither a channel id nor a channel kind in use${didYouMean(key, [...channelIds, ...channelKinds, 'default'])}; use a channel id, a kind (${listValues(channelKinds)}) or "default"`,
                );
              }
              if (parseDuration(d) === undefined)
                push(`${tAt}/${key}`, 'SWB_CONFIG_DURATION', `"${d}" is not a duration`);
            }
            if (!('default' in target) && !doc.channels.every((c) => c.id in target || c.kind in target)) {
              const missing = doc.channels.filter((c) => !(c.id in target) && !(c.kind in target)).map((c) => c.id);
              push(
                tAt,
                'SWB_CONFIG_SCHEMA',
                `no ${kind} target for channel(s) ${listValues(missing)} at ${level}: add "default: <duration>"`,
              );
            }
          }
        }
        for (const level of levels) {
          if (!(level in matrix))
            push(
              `${at}/targets/${kind}`,
              'SWB_CONFIG_SCHEMA',
              `priority ${level} has no ${kind} target in SLA "${sla.id}": add "${level}: <duration>"`,
            );
        }
      }
    }),
  );
  if (doc.slas.length > 0 && doc.slas[doc.slas.length - 1]?.when) {
    push(
      `/slas/${doc.slas.length - 1}`,
      'SWB_CONFIG_SCHEMA',
      'the last SLA has a "when" condition: tickets that match no SLA get no deadlines; add a last SLA without "when"',
      'warning',
    );
  }

  section(() => {
    for (const [name, byLocale] of Object.entries(doc.scripts ?? {})) {
      for (const [locale, text] of Object.entries(byLocale)) {
        for (const p of checkTemplate(text)) push(`/scripts/${name}/${locale}`, 'SWB_CONFIG_TEMPLATE', p.message);
      }
    }
  });
  section(() =>
    checkWorkflows(
      doc as Record<string, unknown>,
      { categoryIds, levels, groupIds, agentIds, channelIds, scripts: new Set(Object.keys(doc.scripts ?? {})) },
      ref,
      push,
      (when, at) => {
        for (const p of checkRule(
          { id: 'workflow', conditions: when as RuleDef['conditions'], event: { type: 'workflow' } },
          'sla',
          { ...ctx, eventTypes: ['workflow'] },
        )) {
          push(
            `${at}${p.path.replace(/^\/conditions/, '')}`,
            p.path.endsWith('/operator') || p.path.endsWith('/fact') ? 'SWB_CONFIG_UNKNOWN_REF' : 'SWB_CONFIG_RULE',
            p.message,
          );
        }
      },
    ),
  );
  section(() =>
    checkQaFaq(doc as Record<string, unknown>, { agentIds, channelIds, locale: doc.locale ?? 'en' }, ref, push),
  );
  return out;
}
