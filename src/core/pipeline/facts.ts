import type { Policy } from '../policy/types.ts';
import type { Facts } from '../rules/types.ts';
import type { TicketInput } from '../model/ticket.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The facts every rule set sees, built once per ticket from the intake input. */
export function intakeFacts(policy: Policy, input: TicketInput, category: string, arrivedAt: Date): Facts {
  const local = policy.localTime(arrivedAt.getTime());
  const description = input.description ?? '';
  const facts: Facts = {
    channel: input.channel,
    channelKind: policy.channels.get(input.channel)?.kind ?? '',
    category,
    categoryGroup: category.includes('/') ? category.slice(0, category.indexOf('/')) : category,
    subject: input.subject,
    description,
    text: description ? `${input.subject}\n${description}` : input.subject,
    customer: input.customer,
    tier: input.customer.tier ?? 'standard',
    tags: input.tags ?? [],
    fields: input.fields ?? {},
    locale: input.locale ?? input.customer.locale ?? policy.locale,
    hour: local.hour,
    weekday: weekdays[local.weekday - 1] ?? 'mon',
  };
  // Plugin facts: a throwing one is undefined for this ticket (the plugin host reports it).
  const ctx = { arrivedAt, timezone: policy.timezone, locale: String(facts.locale) };
  for (const f of policy.computedFacts ?? []) {
    try {
      facts[f.name] = f.compute(input, ctx);
    } catch {
      facts[f.name] = undefined;
    }
  }
  return facts;
}
