import type { Policy } from '../policy/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import { didYouMean, listValues } from '../util/suggest.ts';
import type { TicketInput } from '../model/ticket.ts';

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
  if (input.category !== undefined && !policy.categories.has(input.category))
    unknown('category', input.category, policy.categories.keys());
  if (input.priority !== undefined && !policy.priorities.includes(input.priority))
    unknown('priority', input.priority, policy.priorities);
  if (input.createdAt !== undefined) {
    const at = Date.parse(input.createdAt);
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
