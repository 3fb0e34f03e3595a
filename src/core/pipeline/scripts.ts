import type { Policy } from '../policy/types.ts';
import type { Ticket } from '../model/ticket.ts';
import { renderTemplate } from './template.ts';

/** The locale to speak: the ticket's, else its language, else the policy's, else any. */
export function pickLocale(available: string[], wanted: string, fallback: string): string | undefined {
  const lang = wanted.split('-')[0];
  return (
    available.find((l) => l === wanted) ??
    available.find((l) => l.split('-')[0] === lang) ??
    available.find((l) => l === fallback) ??
    available[0]
  );
}

/** Renders every script of the policy for this ticket, in its locale and time zone. */
export function renderScripts(policy: Policy, ticket: Ticket): Ticket['scripts'] {
  const out: Ticket['scripts'] = {};
  const agent = ticket.assignee ? policy.agents.get(ticket.assignee) : undefined;
  const group = policy.groups.get(ticket.group);
  const category = policy.categories.get(ticket.category);
  const values: Record<string, string | undefined> = {
    'agent.name': agent?.name ?? group?.name ?? ticket.group,
    'agent.id': ticket.assignee ?? undefined,
    'group.name': group?.name ?? ticket.group,
    'group.id': ticket.group,
    'ticket.id': ticket.id,
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'ticket.summary': ticket.subject,
    'ticket.category': ticket.category,
    'ticket.categoryName': category?.name,
    'ticket.priority': ticket.priority,
    'ticket.channel': ticket.channel,
    'ticket.channelName': policy.channels.get(ticket.channel)?.name,
    'customer.name': ticket.customer.name ?? ticket.customer.id,
    'customer.id': ticket.customer.id,
    'sla.firstResponse.due': ticket.sla.firstResponse?.dueAt,
    'sla.resolution.due': ticket.sla.resolution?.dueAt,
    'sla.nextResponse.due': ticket.sla.nextResponse?.dueAt,
    'sla.periodicUpdate.due': ticket.sla.periodicUpdate?.dueAt,
  };
  const timezone = ticket.customer.timezone ?? policy.timezone;
  for (const [name, byLocale] of Object.entries(policy.doc.scripts ?? {})) {
    const locale = pickLocale(Object.keys(byLocale), ticket.locale, policy.locale);
    const text = locale ? byLocale[locale] : undefined;
    if (locale && text !== undefined) out[name] = { locale, text: renderTemplate(text, { values, timezone, locale }) };
  }
  return out;
}
