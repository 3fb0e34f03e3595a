import type { Policy } from '../config/types.ts';
import type { PendingEvent } from '../events/types.ts';
import { assign } from '../routing/assign.ts';
import type { Cursors } from '../routing/round-robin.ts';
import type { FiredEvent } from '../rules/types.ts';
import type { Ticket, TicketInput } from '../tickets/types.ts';
import { buildTicket, type BuildContext } from './build-ticket.ts';
import { decide } from './decide.ts';
import { matchWorkflows, workflowTasks } from '../sla/workflows.ts';
import type { TraceStep } from './trace.ts';

export interface PipelineResult {
  ticket: Ticket;
  events: PendingEvent[];
  /** Routing cursors to persist. */
  cursors: Record<string, number>;
  trace: TraceStep[];
  /** Actions fired by rules (`type: action`), to run once the ticket is stored. */
  actions: FiredEvent[];
}

/**
 * classify → prioritize → SLA → route → assign → scripts. Returns the ticket, the events to
 * publish and the state to persist; carries out nothing itself.
 */
export async function runPipeline(
  policy: Policy,
  input: TicketInput,
  ctx: BuildContext & { cursors: () => Cursors; advanceCursors?: (next: Record<string, number>) => void },
): Promise<PipelineResult> {
  const arrived = input.createdAt ? new Date(input.createdAt) : ctx.now;
  const decided = await decide(policy, input, arrived);
  const workflows = policy.workflows.length > 0 ? await matchWorkflows(policy, decided.facts) : [];
  // From here on synchronous: cursors are read and advanced without yielding. The caller's
  // live cursors must move here, not after this promise settles, or concurrent intakes that
  // finish deciding in between read the same cursor and pick the same agent.
  const assignment = assign(policy, decided, ctx.cursors());
  ctx.advanceCursors?.(assignment.cursors);
  const built = buildTicket(policy, input, decided, assignment, ctx);
  const tasks = workflowTasks(policy, built, workflows);
  const ticket = tasks.length > 0 ? { ...built, tasks } : built;
  const events: PendingEvent[] = [{ type: 'ticket.created', data: { ticket } }];
  if (ticket.assignee !== null || ticket.collaborators.length > 0) {
    events.push({ type: 'ticket.assigned', data: { ticket, assignee: ticket.assignee, previous: null, collaborators: ticket.collaborators } });
  }
  const trace: TraceStep[] = [...decided.trace, assignment.trace, { step: 'script' as const, decision: Object.keys(ticket.scripts), by: 'policy' }];
  if (decided.actions.length > 0) {
    trace.push({ step: 'actions', decision: decided.actions.map((a) => ({ action: a.params.action, ruleId: a.ruleId })), by: 'rule' });
  }
  return { ticket, events, cursors: assignment.cursors, trace, actions: decided.actions };
}
