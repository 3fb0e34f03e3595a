import type { Policy } from '../core/policy/types.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import type { TicketFilter } from '../store/types.ts';
import { visibleGroups, type Principal } from './principal.ts';

/**
 * Narrows a list filter to what the principal may see: an agent's list is limited to its
 * groups (asking for another group is 403). Returns null when nothing can match.
 */
export function scopeFilter(
  filter: TicketFilter,
  principal: Principal | undefined,
  policy: Policy,
): TicketFilter | null {
  if (!principal) return filter;
  const groups = visibleGroups(principal, policy);
  if (groups === 'all') return filter;
  const outside = (filter.group ?? []).filter((g) => !groups.has(g));
  if (outside.length > 0)
    throw new SwitchboardError(
      'SWB_AUTH_FORBIDDEN',
      `this agent token does not cover group(s) ${outside.map((g) => `"${g}"`).join(', ')}; it covers ${[...groups].join(', ') || 'no group'}`,
      { path: '?group' },
    );
  if (groups.size === 0) return null;
  return filter.group ? filter : { ...filter, group: [...groups] };
}
