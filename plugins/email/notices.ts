/**
 * Mail beyond agent replies, through the same outbox (written before the first attempt,
 * retried with backoff, a stable Message-ID per notice):
 * - the satisfaction survey link, to the requester, when an email ticket becomes resolved;
 * - a call-back notice, to the requester, when a call-back task is put on an email ticket;
 * - escalation notices (SLA breach ladder `notify`, trigger `notify` action) to each recipient
 *   with an address: an agent's `email`, a group's members' addresses, or an address as written.
 * Texts come from the policy's scripts named in the `scripts` option, in the ticket's locale,
 * else from notice-texts.ts. Customers' mail carries no internal notes: only the script and the
 * link or due time.
 */
import type { PluginHost, Policy, Ticket } from '../../src/index.ts';
import { renderScripts } from '../../src/core/pipeline/scripts.ts';
import { statusKind } from '../../src/core/tickets/lifecycle.ts';
import { builtInNotice, type NoticeKind } from './notice-texts.ts';
import type { EmailOptions } from './options.ts';
import type { Outbound } from './outbound.ts';

export function watchNotices(deps: {
  host: Pick<PluginHost, 'events' | 'tickets' | 'logger'>;
  options: EmailOptions;
  outbound: Outbound;
  policy: () => Policy | undefined;
}): void {
  const { host, options: o, outbound } = deps;
  const ours = (t: Ticket) => t.channel === o.channel;

  /** The script's text for this ticket, or the plugin's own in the nearest locale. */
  const textOf = (kind: NoticeKind, ticket: Ticket, policy: Policy): string => {
    const name = o.scripts[kind];
    const rendered = policy.doc.scripts?.[name] ? renderScripts(policy, ticket, new Set([name]))[name] : undefined;
    return rendered?.text ?? builtInNotice(kind, ticket, policy);
  };
  const failed = (what: string, ticket: Ticket) => (err: unknown) =>
    host.logger.error(`${what} for ticket ${ticket.number} could not be queued: ${(err as Error).message}`);

  host.events.subscribe('ticket.updated', async (e) => {
    const policy = deps.policy();
    const to = e.ticket.customer.email;
    if (!policy || !e.changes.status || !ours(e.ticket) || !to || !o.publicUrl) return;
    const [from, now] = e.changes.status as [string, string];
    if (statusKind(policy, now) !== 'resolved' || statusKind(policy, from) === 'resolved') return;
    try {
      const link = await host.tickets.issueSurvey(e.ticket.id);
      const text = `${textOf('survey', e.ticket, policy)}\n\n${o.publicUrl}${link.path}`;
      await outbound.notify({ ticket: e.ticket, kind: 'survey', key: String(e.ticket.version), to, text });
    } catch (err) {
      failed('the survey link', e.ticket)(err);
    }
  });

  host.events.subscribe('task.created', async (e) => {
    const policy = deps.policy();
    const to = e.ticket.customer.email;
    if (!policy || e.task.kind !== 'callback' || !ours(e.ticket) || !to) return;
    const text = textOf('callback', { ...e.ticket, fields: { ...e.ticket.fields, callbackDue: e.task.dueAt } }, policy);
    await outbound
      .notify({ ticket: e.ticket, kind: 'callback', key: e.task.id, to, text })
      .catch(failed('the call-back notice', e.ticket));
  });

  const escalate = async (ticket: Ticket, recipients: string[], occasion: string) => {
    const policy = deps.policy();
    if (!policy || !ours(ticket)) return;
    const customer = ticket.customer.email?.toLowerCase();
    const text = textOf('escalation', ticket, policy);
    for (const address of addressesOf(recipients, policy)) {
      if (address === customer) continue; // escalations are for the team, never the customer
      await outbound
        .notify({ ticket, kind: 'escalation', key: `${occasion}-${address}`, to: address, text })
        .catch(failed('an escalation notice', ticket));
    }
  };
  host.events.subscribe('ticket.escalated', (e) =>
    escalate(e.ticket, e.recipients, `${e.ticket.version}-${e.timer ?? e.automation ?? 'step'}-${e.level ?? 0}`),
  );
  host.events.subscribe('trigger.notify', (e) => escalate(e.ticket, e.recipients, `${e.ticket.version}-${e.trigger}`));
}

/** Mail addresses of notify recipients: agents' `email`, a group's members', addresses as written. */
export function addressesOf(recipients: readonly string[], policy: Policy): string[] {
  const out = new Set<string>();
  const agent = (id: string) => {
    const email = policy.agents.get(id)?.email;
    if (email) out.add(email.toLowerCase());
  };
  for (const r of recipients) {
    if (r.includes('@')) out.add(r.toLowerCase());
    else if (r.startsWith('group:')) {
      const group = policy.groups.get(r.slice('group:'.length));
      for (const m of group?.members ?? []) agent(m);
    } else agent(r);
  }
  return [...out];
}
