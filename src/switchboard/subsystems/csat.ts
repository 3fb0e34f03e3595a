import type { Policy } from '../../core/policy/types.ts';
import { statusKind } from '../../core/tickets/lifecycle.ts';
import { createSurveyService, type SurveyService } from '../../runtime/csat/survey-service.ts';
import type { TicketService } from '../../runtime/ticket-service.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/**
 * Satisfaction surveys. With `csat.onSurveyLink`, a ticket that becomes resolved gets a link
 * issued and handed to the host (to send to the customer).
 */
export function openSurveys(
  ctx: BootContext,
  deps: { store: Store; tickets: TicketService; policy: () => Policy },
): SurveyService {
  const { store, tickets, policy } = deps;
  const surveys = createSurveyService({
    store,
    bus: ctx.bus,
    clock: ctx.clock,
    ids: ctx.ids,
    tickets,
    policy,
    answersPerLink: ctx.limits.survey.answersPerLink,
    updateWindowMs: ctx.limits.survey.updateWindowMs,
  });
  const onLink = ctx.options.csat?.onSurveyLink;
  if (!onLink) return surveys;
  const off = ctx.bus.subscribe('ticket.updated', (e) => {
    if (!e.changes.status) return;
    const [from, to] = e.changes.status as [string, string];
    const p = policy();
    if (statusKind(p, to) !== 'resolved' || statusKind(p, from) === 'resolved') return;
    surveys.issue(e.ticket.id).then(
      (link) => onLink(e.ticket, link),
      (err) => ctx.logger.error('survey link failed', { ticket: e.ticket.id, error: String(err) }),
    );
  });
  ctx.life.onClose(off);
  return surveys;
}
