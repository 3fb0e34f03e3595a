import type { Ticket } from '../model/ticket.ts';
import type { QaConfig } from './config.ts';

/** Why a ticket weighs what it does: the factors that applied (recorded for the audit). */
export interface WeightInputs {
  agent: string | null;
  csat?: number;
  breached: boolean;
  newAgent: boolean;
  weight: number;
}

/** The agent a review judges: whoever answered first, else the assignee, else the resolver. */
export function agentOf(ticket: Ticket): string | null {
  return (
    ticket.firstResponder ??
    ticket.assignee ??
    (ticket.resolver && !ticket.resolver.includes(':') && ticket.resolver !== 'bot' ? ticket.resolver : null)
  );
}

export function isBreached(ticket: Ticket): boolean {
  const timers = [ticket.sla.firstResponse, ticket.sla.resolution];
  return timers.some((t) => t !== undefined && (t.state === 'breached' || t.breachedAt !== undefined));
}

/**
 * Factors multiply: a ticket with low CSAT (×3) that breached (×2) weighs 6. A new agent is
 * one listed without a date, or one whose `since` lies within newAgentPeriod before resolution.
 */
export function weightOf(ticket: Ticket, qa: QaConfig): WeightInputs {
  const agent = agentOf(ticket);
  const csat = ticket.csat?.score;
  const breached = isBreached(ticket);
  const since = agent === null ? undefined : qa.newAgents.get(agent);
  const resolvedMs = Date.parse(ticket.resolvedAt ?? ticket.updatedAt);
  const newAgent =
    since !== undefined &&
    resolvedMs >= since &&
    (since === Number.NEGATIVE_INFINITY || resolvedMs < since + qa.newAgentPeriodMs);
  let weight = 1;
  if (csat !== undefined && csat <= qa.lowCsatAtMost) weight *= qa.weights.lowCsat;
  if (breached) weight *= qa.weights.breached;
  if (newAgent) weight *= qa.weights.newAgent;
  return { agent, ...(csat !== undefined ? { csat } : {}), breached, newAgent, weight };
}
