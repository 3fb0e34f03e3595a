import type { Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import type { TicketInput } from '../model/ticket.ts';
import { IANAZone } from 'luxon';
import { checkFields } from './check-fields.ts';

/** Tickets arrive from 2000 on; older history comes in through `switchboard import`. */
export const earliestCreatedAt = Date.UTC(2000, 0, 1);

/** Refuses values the live policy does not define, naming the allowed ones. */
export function checkTicketInput(policy: Policy, input: TicketInput, now: Date): void {
  const unknown = (field: string, value: string, allowed: Iterable<string>) => {
    const list = [...allowed];
    throw new SwitchboardError(
      'SWB_TICKET_UNKNOWN_VALUE',
      `unknown ${field} "${value}"${didYouMean(value, list)}; allowed: ${listValues(list)}`,
      { path: `/${field}`, value, allowed: list },
    );
  };
  if (!policy.channels.has(input.channel)) unknown('channel', input.channel, policy.channels.keys());
  checkFields(policy, input.fields, { channel: input.channel });
  if (input.category !== undefined && !policy.categories.has(input.category))
    unknown('category', input.category, policy.categories.keys());
  if (input.priority !== undefined && !policy.priorities.includes(input.priority))
    unknown('priority', input.priority, policy.priorities);
  const zone = input.customer?.timezone;
  if (zone !== undefined && !IANAZone.isValidZone(zone))
    throw new SwitchboardError(
      'SWB_API_VALIDATION',
      `customer.timezone "${zone}" is not a time zone; use an IANA name like Asia/Shanghai or Europe/Berlin`,
      { path: '/customer/timezone', value: zone },
    );
  if (input.createdAt !== undefined) {
    const at = Date.parse(input.createdAt);
    if (!Number.isFinite(at))
      throw new SwitchboardError(
        'SWB_API_VALIDATION',
        `createdAt ${input.createdAt} is not a time this server can place (a leap second, or out of range); send ISO-8601 like 2026-11-23T08:00:00Z`,
        { path: '/createdAt' },
      );
    if (at < earliestCreatedAt)
      throw new SwitchboardError(
        'SWB_API_VALIDATION',
        `createdAt ${input.createdAt} is before 2000-01-01; older tickets come in through \`switchboard import\``,
        { path: '/createdAt' },
      );
    // Allow a little clock skew between an integration and this server.
    if (at > now.getTime() + 5 * 60_000) {
      throw new SwitchboardError(
        'SWB_API_VALIDATION',
        `createdAt ${input.createdAt} is in the future; send the time the request arrived (ISO-8601, e.g. 2026-11-23T08:00:00Z)`,
        { path: '/createdAt' },
      );
    }
  }
}
