import { createPolicyLoader } from '../config/load.ts';
import { formatProblem } from '../core/policy/problem.ts';
import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { createEventBus } from '../core/events/bus.ts';
import { createTicketService } from '../runtime/ticket-service.ts';
import { intakeFacts } from '../core/pipeline/facts.ts';
import type { TraceStep } from '../core/pipeline/trace.ts';
import { createMemoryStore } from '../store/memory.ts';
import type { Condition, Facts, RuleDef } from '../core/rules/types.ts';
import type { TicketInput } from '../core/model/ticket.ts';
import { createManualClock } from '../core/util/clock.ts';
import { formatDuration } from '../core/util/duration.ts';
import { createSequentialIds } from '../core/util/ids.ts';
import { parseCommandArgs } from './args.ts';
import { readJsonFile } from './read-json-file.ts';
import type { CliIo } from './io.ts';
import { policyTarget } from './policy-target.ts';

/** `switchboard explain --config DIR|--preset NAME --ticket t.json [--json]`: why the ticket went where it went. */
export async function explainCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { config: { type: 'string' }, preset: { type: 'string' }, ticket: { type: 'string' }, json: { type: 'boolean' } },
    'explain',
  );
  const target = policyTarget('explain', values, positionals);
  if (!values.ticket)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'explain: pass --ticket FILE.json (a ticket as POST /api/tickets takes it)',
    );
  const input = (await readJsonFile(values.ticket, '--ticket')) as TicketInput;
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw new SwitchboardError(
      'SWB_CLI_INPUT',
      `${values.ticket}:1:1: expected a JSON object (a ticket as POST /api/tickets takes it)`,
      { path: values.ticket },
    );
  const loaded = await createPolicyLoader().fromPath(target);
  if (!loaded.ok) {
    for (const p of loaded.problems) io.out(formatProblem(p));
    return 1;
  }
  const policy = loaded.policy;
  const clock = createManualClock(input.createdAt ?? new Date().toISOString());
  const store = createMemoryStore();
  await store.open();
  const service = createTicketService({
    store,
    clock,
    ids: createSequentialIds(),
    bus: createEventBus({ clock }),
    policy: () => policy,
  });
  const { ticket, trace } = await service.create({ ...input, customer: input.customer ?? { id: 'explain' } });
  if (values.json) {
    io.out(JSON.stringify({ version: policy.version, ticket, trace }));
    return 0;
  }
  const facts = intakeFacts(policy, input, ticket.category, new Date(ticket.createdAt));
  facts.priority = ticket.priority;
  io.out(`policy ${policy.doc.id} ${policy.version}`);
  for (const line of explainTrace(policy, trace, facts)) io.out(line);
  const due = (d?: string) => (d ? `${d} (+${formatDuration(Date.parse(d) - Date.parse(ticket.createdAt))})` : 'none');
  io.out(
    `result: category ${ticket.category}, priority ${ticket.priority}, group ${ticket.group}, assignee ${ticket.assignee ?? 'none'}${ticket.collaborators.length ? `, collaborators ${ticket.collaborators.map((c) => `${c.group}:${c.assignee ?? '-'}`).join(' ')}` : ''}`,
  );
  io.out(
    `  first response due ${due(ticket.sla.firstResponse?.dueAt)}; resolution due ${due(ticket.sla.resolution?.dueAt)}`,
  );
  return 0;
}

const listOf = (policy: Policy, step: TraceStep['step']): readonly RuleDef[] =>
  step === 'classify'
    ? policy.rules.classification.rules
    : step === 'prioritize'
      ? policy.rules.priority.rules
      : step === 'route'
        ? policy.rules.routing.rules
        : [];

/** One block per pipeline step: the decision, then every rule in evaluation order with the facts it read. */
export function explainTrace(policy: Policy, trace: TraceStep[], facts: Facts): string[] {
  const out: string[] = [];
  for (const step of trace) {
    out.push(
      `${step.step}: ${typeof step.decision === 'string' ? step.decision : JSON.stringify(step.decision)} (by ${step.by}${step.ruleId ? ` "${step.ruleId}"` : ''}${step.note ? `; ${step.note}` : ''})`,
    );
    const defs = new Map(listOf(policy, step.step).map((r) => [r.id, r]));
    // Classification rules run before the category is known: show them what they saw.
    const seenFacts = step.step === 'classify' ? { ...facts, category: '', categoryGroup: '' } : facts;
    for (const o of step.rules ?? []) {
      const def = defs.get(o.ruleId) ?? (step.step === 'sla' ? slaWhen(policy, o.ruleId) : undefined);
      const seen = def
        ? factsOf(def.conditions)
            .map((f) => `${f}=${JSON.stringify(read(seenFacts, f))}`)
            .join(', ')
        : '';
      const mark = o.ruleId === step.ruleId ? '→' : o.passed ? '✓' : '✗';
      out.push(
        `  ${mark} ${o.ruleId}${def?.priority !== undefined ? ` [priority ${def.priority}]` : ''} ${o.passed ? 'matched' : 'did not match'}${seen ? ` — saw ${seen}` : ''}`,
      );
    }
  }
  return out;
}

function slaWhen(policy: Policy, id: string): RuleDef | undefined {
  const def = policy.slas.find((s) => s.def.id === id)?.def;
  return def?.when ? { id, conditions: def.when, event: { type: 'sla' } } : undefined;
}

function factsOf(c: Condition | undefined, acc: string[] = []): string[] {
  if (!c || typeof c !== 'object') return acc;
  if ('all' in c) c.all.forEach((x) => factsOf(x, acc));
  else if ('any' in c) c.any.forEach((x) => factsOf(x, acc));
  else if ('not' in c) factsOf(c.not, acc);
  else {
    const name = c.path ? `${c.fact}${c.path.replace(/^\$/, '')}` : c.fact;
    if (!acc.includes(name)) acc.push(name);
  }
  return acc;
}

function read(facts: Facts, name: string): unknown {
  const [fact, ...path] = name.split('.');
  let v: unknown = facts[fact ?? ''];
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 57)}...`;
  return v;
}
