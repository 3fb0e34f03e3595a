import { SwitchboardError } from '../core/errors/index.ts';
import type { AuthorType } from '../core/model/ticket.ts';
import type { Principal } from './principal.ts';

export type Author = { type: AuthorType; id?: string; name?: string };

/** The author a principal posts as: itself, as an agent, under its agent id or token name. */
export const selfAuthor = (p: Principal): Author => ({ type: 'agent', id: p.agent ?? p.name, name: p.name });

/**
 * Who wrote a reply is who is logged in. Admin tokens are the integrations that relay what
 * arrives on a channel (a customer's mail, a bot's answer), so they may name another author;
 * every other token posts as itself, and naming anyone else is refused.
 */
export function replyAuthor(p: Principal | undefined, requested: Author | undefined): Author {
  if (!p) return requested ?? { type: 'agent' };
  if (p.role === 'admin') return requested ?? selfAuthor(p);
  const self = selfAuthor(p);
  if (requested && (requested.type !== 'agent' || (requested.id !== undefined && requested.id !== self.id)))
    throw new SwitchboardError(
      'SWB_AUTH_FORBIDDEN',
      `this ${p.role} token posts as itself (agent "${self.id}"), not as ${requested.type}${requested.id ? ` "${requested.id}"` : ''}; leave "author" out or name this agent`,
      { path: '/author' },
    );
  return self;
}

/**
 * Satisfaction is the requester's: the customer answers through the survey link. Through the
 * API only admin tokens (integrations relaying a customer's rating) record one, and never over
 * a rating the customer gave through the link.
 */
export function checkRater(p: Principal | undefined, ratedBySurvey: boolean): void {
  if (p && p.role !== 'admin')
    throw new SwitchboardError(
      'SWB_AUTH_FORBIDDEN',
      `${p.role === 'agent' ? 'an' : 'a'} ${p.role} token may not rate a ticket: satisfaction comes from the customer; send them a survey link (POST /api/tickets/:id/survey)`,
    );
  if (ratedBySurvey)
    throw new SwitchboardError(
      'SWB_AUTH_FORBIDDEN',
      'the customer rated this ticket through the survey link; their rating stands',
    );
}
