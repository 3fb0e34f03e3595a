import type { CompiledSla, Policy, SkillDef } from '../policy/types.ts';
import type { Facts, FiredEvent, RuleSet, RuleSetResult } from '../rules/types.ts';
import type { Decision, TicketInput } from '../model/ticket.ts';
import { intakeFacts } from './facts.ts';
import { skillNeeds } from '../routing/compile-routing.ts';
import type { SkillNeed } from '../policy/routing-types.ts';
import type { TraceStep } from './trace.ts';

/** The rule-driven decisions for one ticket: category, priority, SLA policy, group(s). */
export interface Decided {
  category: Decision;
  priority: Decision;
  sla: { decision: Decision; compiled?: CompiledSla };
  group: Decision;
  collaboratorGroups: string[];
  lead?: string;
  /** Skills the routing rule requires of the assignee (`params.skills`). */
  skills?: SkillNeed[];
  /** `action` events fired by any rule list, in stage order; the shell runs them after storing. */
  actions: FiredEvent[];
  facts: Facts;
  trace: TraceStep[];
}

export interface DecideOptions {
  /**
   * Record the decision trace (default true). Replay passes false: `trace` is then empty and the
   * per-step trace objects are never built.
   */
  trace?: boolean;
}

/** Level-1 category id: "fault" for "fault/payment-failed" (no array, unlike split). */
const categoryGroup = (category: string) => {
  const slash = category.indexOf('/');
  return slash < 0 ? category : category.slice(0, slash);
};

/** A request to evaluate a rule set; the driver answers with its result. */
type Evaluation = { ruleSet: RuleSet; facts: Facts };

/**
 * classify → prioritize → pick SLA → route, written once as a generator that yields each rule
 * evaluation: `decide` drives it asynchronously (any rule set), `decideSync` synchronously
 * (compiled rule sets only; used by replay, where awaiting millions of promises dominates).
 * Input values win over rules; rules over defaults.
 */
function* decideSteps(
  policy: Policy,
  input: TicketInput,
  arrivedAt: Date,
  opts: DecideOptions,
): Generator<Evaluation, Decided, RuleSetResult> {
  const tracing = opts.trace !== false;
  const trace: TraceStep[] = [];
  const actions: FiredEvent[] = [];
  const collect = (events: FiredEvent[]) => {
    for (const e of events) if (e.type === 'action') actions.push(e);
  };
  const facts = intakeFacts(policy, input, input.category ?? '', arrivedAt);

  let category: Decision;
  if (input.category) {
    category = { value: input.category, by: 'input' };
    if (tracing) trace.push({ step: 'classify', decision: input.category, by: 'input' });
  } else {
    const r = yield { ruleSet: policy.rules.classification, facts };
    collect(r.events);
    const hit = r.events.find((e) => e.type === 'categorize');
    const fallback = policy.doc.defaultCategory ?? '';
    category = hit
      ? { value: String(hit.params.category), by: 'rule', ruleId: hit.ruleId }
      : { value: fallback, by: fallback ? 'default' : 'none' };
    if (tracing)
      trace.push({
        step: 'classify',
        decision: category.value,
        by: category.by,
        ...(hit ? { ruleId: hit.ruleId } : {}),
        rules: r.outcomes,
      });
  }
  facts.category = category.value;
  facts.categoryGroup = categoryGroup(category.value);

  let priority: Decision;
  if (input.priority) {
    priority = { value: input.priority, by: 'input' };
    if (tracing) trace.push({ step: 'prioritize', decision: input.priority, by: 'input' });
  } else {
    const r = yield { ruleSet: policy.rules.priority, facts };
    collect(r.events);
    const hit = r.events.find((e) => e.type === 'set-priority');
    priority = hit
      ? { value: String(hit.params.priority), by: 'rule', ruleId: hit.ruleId }
      : { value: policy.defaultPriority, by: 'default' };
    if (tracing)
      trace.push({
        step: 'prioritize',
        decision: priority.value,
        by: priority.by,
        ...(hit ? { ruleId: hit.ruleId } : {}),
        rules: r.outcomes,
      });
  }
  facts.priority = priority.value;

  let sla: Decided['sla'] = { decision: { value: '', by: 'none' } };
  const slaOutcomes = [];
  for (const compiled of policy.slas) {
    const passed = compiled.when ? (yield { ruleSet: compiled.when, facts }).events.length > 0 : true;
    if (tracing) slaOutcomes.push({ ruleId: compiled.def.id, passed });
    if (passed) {
      sla = {
        decision: { value: compiled.def.id, by: compiled.when ? 'rule' : 'default', ruleId: compiled.def.id },
        compiled,
      };
      break;
    }
  }
  if (tracing) trace.push({ step: 'sla', decision: sla.decision.value, by: sla.decision.by, rules: slaOutcomes });

  const r = yield { ruleSet: policy.rules.routing, facts };
  collect(r.events);
  const hit = r.events.find((e) => e.type === 'route');
  const group: Decision = hit
    ? { value: String(hit.params.group), by: 'rule', ruleId: hit.ruleId }
    : { value: policy.fallbackGroup, by: 'fallback' };
  const collaboratorGroups =
    hit && Array.isArray(hit.params.collaborators)
      ? (hit.params.collaborators as string[]).filter((g) => g !== group.value)
      : [];
  const lead = hit ? leadOf(policy, hit.params.lead) : undefined;
  // A rule's skill without a level asks for any proficiency, like a group's.
  const skills = hit && Array.isArray(hit.params.skills) ? skillNeeds(hit.params.skills as SkillDef[], 1) : undefined;
  if (tracing)
    trace.push({
      step: 'route',
      decision: {
        group: group.value,
        collaborators: collaboratorGroups,
        ...(lead ? { lead } : {}),
        ...(skills ? { skills } : {}),
      },
      by: group.by,
      ...(hit ? { ruleId: hit.ruleId } : {}),
      rules: r.outcomes,
    });

  return {
    category,
    priority,
    sla,
    group,
    collaboratorGroups,
    ...(lead ? { lead } : {}),
    ...(skills ? { skills } : {}),
    actions,
    facts,
    trace,
  };
}

/** Decides with any rule sets (json-rules-engine fallbacks included). */
export async function decide(
  policy: Policy,
  input: TicketInput,
  arrivedAt: Date,
  opts: DecideOptions = {},
): Promise<Decided> {
  const steps = decideSteps(policy, input, arrivedAt, opts);
  let next = steps.next();
  while (!next.done) next = steps.next(await next.value.ruleSet.evaluate(next.value.facts));
  return next.value;
}

/** Decides synchronously; undefined when a rule set has no synchronous evaluator. */
export function decideSync(
  policy: Policy,
  input: TicketInput,
  arrivedAt: Date,
  opts: DecideOptions = {},
): Decided | undefined {
  const steps = decideSteps(policy, input, arrivedAt, opts);
  let next = steps.next();
  while (!next.done) {
    const { ruleSet, facts } = next.value;
    if (!ruleSet.evaluateSync) return undefined;
    next = steps.next(ruleSet.evaluateSync(facts));
  }
  return next.value;
}

/** A route's named lead: an agent id, or `{ groupLead: <group> }` (that group's lead, whoever staffs it). */
function leadOf(policy: Policy, lead: unknown): string | undefined {
  if (typeof lead === 'string') return lead;
  if (lead !== null && typeof lead === 'object' && 'groupLead' in lead)
    return policy.groups.get(String((lead as { groupLead: unknown }).groupLead))?.lead;
  return undefined;
}
