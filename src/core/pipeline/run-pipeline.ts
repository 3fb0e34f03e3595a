import type { Policy } from '../policy/types.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { assign, type Assignment } from './assign.ts';
import { emptyLoad, type AgentStates, type Cursors } from '../policy/routing-types.ts';
import type { FiredEvent } from '../rules/types.ts';
import type { Ticket, TicketInput } from '../model/ticket.ts';
import { buildTicket, type BuildContext } from './build-ticket.ts';
import { decide } from './decide.ts';
import { matchWorkflows, workflowTasks } from '../sla/workflows.ts';
import type { TraceStep } from './trace.ts';
import { matchScripts, renderScripts } from './scripts.ts';
import { automationFacts } from '../sla/automation-facts.ts';

export interface PipelineResult {
  ticket: Ticket;
  events: PendingEvent[];
  /** Routing cursors to persist. */
  cursors: Record<string, number>;
  trace: TraceStep[];
  /** Actions fired by rules (`type: action`), to run once the ticket is stored. */
  actions: FiredEvent[];
}

export interface PipelineContext extends BuildContext {
  cursors: () => Cursors;
  advanceCursors?: (next: Record<string, number>) => void;
  /** Live presence and loads; without it every agent counts as present and idle. */
  states?: () => AgentStates;
  /** Called synchronously with the built ticket, so the shell books its loads before yielding. */
  commit?: (ticket: Ticket, assignment: Assignment) => void;
}

/**
 * classify → prioritize → SLA → route → assign → scripts. Returns the ticket, the events to
 * publish and the state to persist; carries out nothing itself.
 */
export async function runPipeline(policy: Policy, input: TicketInput, ctx: PipelineContext): Promise<PipelineResult> {
  const arrived = input.createdAt ? new Date(input.createdAt) : ctx.now;
  const decided = await decide(policy, input, arrived);
  const workflows = policy.workflows.length > 0 ? await matchWorkflows(policy, decided.facts) : [];
  // From here on synchronous: cursors and loads are read and advanced without yielding. The
  // caller's live state must move here, not after this promise settles, or concurrent intakes
  // that finish deciding in between read the same cursor and pick the same agent.
  const states: AgentStates = ctx.states?.() ?? {
    presence: () => policy.routing.defaultPresence,
    load: () => emptyLoad,
    cursor: (g) => ctx.cursors()[g] ?? -1,
  };
  const assignment = assign(policy, decided, states, {
    ticketId: ctx.id,
    channelKind: policy.channels.get(input.channel)?.kind ?? input.channel,
    priority: decided.priority.value,
    ...(decided.skills ? { skills: decided.skills } : {}),
    now: ctx.now.getTime(),
  });
  ctx.advanceCursors?.(assignment.cursors);
  const built = buildTicket(policy, input, decided, assignment, ctx);
  const tasks = workflowTasks(policy, built, workflows);
  let ticket = tasks.length > 0 ? { ...built, tasks } : built;
  ctx.commit?.(ticket, assignment);
  // Scripts with a `when` are offered only when it holds for the ticket as built; only the
  // scripts offered are rendered.
  const applies =
    policy.scriptWhen.names.size > 0
      ? await matchScripts(policy, automationFacts(ticket, policy, ctx.now.getTime()))
      : undefined;
  ticket = { ...ticket, scripts: renderScripts(policy, ticket, applies) };
  const events: PendingEvent[] = [{ type: 'ticket.created', data: { ticket } }];
  for (const task of ticket.tasks ?? []) events.push({ type: 'task.created', data: { ticket, task } });
  if (ticket.assignee !== null || ticket.collaborators.some((c) => c.assignee !== null)) {
    events.push({
      type: 'ticket.assigned',
      data: { ticket, assignee: ticket.assignee, previous: null, collaborators: ticket.collaborators },
    });
  }
  if (assignment.waiting.length > 0) {
    const slots = assignment.waiting.map((s) =>
      s === 'primary' ? 'primary' : (ticket.collaborators[s]?.group ?? String(s)),
    );
    events.push({ type: 'ticket.queued', data: { ticket, group: ticket.group, slots, reason: assignment.lines } });
  }
  const trace: TraceStep[] = [
    ...decided.trace,
    assignment.trace,
    { step: 'script' as const, decision: Object.keys(ticket.scripts), by: 'policy' },
  ];
  if (decided.actions.length > 0) {
    trace.push({
      step: 'actions',
      decision: decided.actions.map((a) => ({ action: a.params.action, ruleId: a.ruleId })),
      by: 'rule',
    });
  }
  return { ticket, events, cursors: assignment.cursors, trace, actions: decided.actions };
}
