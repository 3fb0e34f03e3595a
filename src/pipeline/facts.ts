import type { Policy } from '../config/types.ts';
import type { Facts } from '../rules/types.ts';
import type { TicketInput } from '../tickets/types.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The facts every rule set sees, built once per ticket from the intake input. */
export function intakeFacts(policy: Policy, input: TicketInput, category: string, arrivedAt: Date): Facts {
  const local = policy.localTime(arrivedAt.getTime());
  const description = input.description ?? '';
  return {
    channel: input.channel,
    channelKind: policy.channels.get(input.channel)?.kind ?? '',
    category,
    categoryGroup: category.split('/')[0] ?? '',
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
}
