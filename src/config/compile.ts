import { createHash } from 'node:crypto';
import { createRuleSet } from '../core/rules/create-rule-set.ts';
import type { FactRegistry } from '../core/rules/facts.ts';
import type { OperatorRegistry } from '../core/rules/operators.ts';
import type { RuleDef, RuleSet } from '../core/rules/types.ts';
import { alwaysOpenCalendar, createCalendar } from '../core/sla/calendar/index.ts';
import { compileSla } from '../core/sla/compile-sla.ts';
import { createZoneOffsets } from '../core/util/zone-offsets.ts';
import { compileRouting } from '../core/routing/compile-routing.ts';
import { builtinCalendarId, defaultStatuses } from '../core/policy/defaults.ts';
import type { BusinessCalendar, Policy, PolicyDoc } from '../core/policy/types.ts';

export type RuleSetFactory = (rules: readonly RuleDef[], operators: OperatorRegistry) => RuleSet;

/** Builds the frozen Policy from a document that passed validation and cross-checks. */
export function compilePolicy(
  doc: PolicyDoc,
  opts: { sources: string[]; operators: OperatorRegistry; facts?: FactRegistry; ruleSet?: RuleSetFactory },
): Policy {
  const makeRules = opts.ruleSet ?? ((rules, operators) => createRuleSet(rules, operators));
  const categories = new Map<string, { id: string; name: string; parent?: string }>();
  for (const c of doc.categories) {
    categories.set(c.id, { id: c.id, name: c.name ?? c.id });
    for (const child of c.children ?? []) {
      const id = `${c.id}/${child.id}`;
      categories.set(id, { id, name: child.name ?? child.id, parent: c.id });
    }
  }
  const calendars = new Map<string, BusinessCalendar>([[builtinCalendarId, alwaysOpenCalendar]]);
  for (const def of doc.calendars ?? []) calendars.set(def.id, createCalendar(def));

  const condition = (id: string, conditions: RuleDef['conditions']) =>
    makeRules([{ id, conditions, event: { type: 'match', params: {} } }], opts.operators);
  const slas = doc.slas.map((def) =>
    compileSla(
      def,
      calendars.get(def.calendar ?? builtinCalendarId) ?? alwaysOpenCalendar,
      def.when
        ? makeRules(
            [{ id: def.id, conditions: def.when, event: { type: 'sla', params: { sla: def.id } } }],
            opts.operators,
          )
        : undefined,
      condition,
    ),
  );
  const workflows = (doc.workflows ?? []).map((def) =>
    Object.freeze({
      def,
      ...(def.when ? { when: condition(def.id, def.when) } : {}),
      taskWhen: new Map(def.tasks.filter((t) => t.when).map((t) => [t.id, condition(`${def.id}/${t.id}`, t.when!)])),
    }),
  );

  // Cached offsets: luxon asks Intl per call (~5 µs), which dominated replays of history.
  const zone = createZoneOffsets(doc.timezone ?? 'UTC');
  const policy: Policy = {
    doc: deepFreeze(structuredClone(doc)),
    version: hashPolicy(doc),
    sources: Object.freeze([...opts.sources]),
    channels: new Map(doc.channels.map((c) => [c.id, { ...c, name: c.name ?? c.id }])),
    categories,
    statuses: new Map((doc.statuses ?? defaultStatuses).map((s) => [s.id, s])),
    priorities: Object.freeze([...doc.priorities.levels]),
    defaultPriority: doc.priorities.default,
    calendars,
    slas: Object.freeze(slas),
    workflows: Object.freeze(workflows),
    agents: new Map((doc.agents ?? []).map((a) => [a.id, a])),
    groups: new Map(doc.routing.groups.map((g) => [g.id, g])),
    fields: new Map((doc.fields ?? []).map((f) => [f.id, f])),
    triggers: Object.freeze({
      defs: Object.freeze([...(doc.triggers ?? [])]),
      rules: makeRules(
        (doc.triggers ?? []).map((def, index) => ({
          id: def.id,
          conditions: def.when,
          event: { type: 'trigger', params: { index } },
        })),
        opts.operators,
      ),
    }),
    scriptWhen: scriptWhenOf(doc.scripts ?? {}, (rules) => makeRules(rules, opts.operators)),
    strictFields: doc.fieldRules?.strict === true,
    routing: compileRouting(doc, calendars, alwaysOpenCalendar),
    rules: Object.freeze({
      classification: makeRules(doc.classification ?? [], opts.operators),
      priority: makeRules(doc.priorities.rules ?? [], opts.operators),
      routing: makeRules(doc.routing.rules ?? [], opts.operators),
    }),
    fallbackGroup: doc.routing.fallback,
    locale: doc.locale ?? 'en',
    timezone: doc.timezone ?? 'UTC',
    localTime(at) {
      const wall = zone.toWall(at);
      const days = Math.floor(wall / 86_400_000);
      return { hour: Math.floor((wall - days * 86_400_000) / 3_600_000), weekday: ((((days + 3) % 7) + 7) % 7) + 1 };
    },
    computedFacts: Object.freeze((opts.facts?.computed() ?? []).map((f) => ({ name: f.name, compute: f.compute! }))),
  };
  return Object.freeze(policy);
}

/** Content hash of the merged document: the policy version every decision records. */
export function hashPolicy(doc: unknown): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex').slice(0, 12);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Every script `when` in one rule set: a rule per script that has one, named after the script. */
function scriptWhenOf(
  scripts: Record<string, unknown>,
  makeRules: (rules: RuleDef[]) => RuleSet,
): { names: ReadonlySet<string>; rules: RuleSet } {
  const rules: RuleDef[] = [];
  for (const [name, script] of Object.entries(scripts)) {
    const when = (script as { when?: RuleDef['conditions'] }).when;
    if (when) rules.push({ id: name, conditions: when, event: { type: 'script', params: {} } });
  }
  return { names: new Set(rules.map((r) => r.id)), rules: makeRules(rules) };
}
