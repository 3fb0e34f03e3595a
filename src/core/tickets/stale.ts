import { SwitchboardError } from '../errors/index.ts';
import type { Ticket } from '../model/ticket.ts';

/** An edit made against version `ifMatch` (If-Match) is refused once the ticket moved on: SWB_TICKET_STALE. */
export function checkVersion(ticket: Pick<Ticket, 'id' | 'version'>, ifMatch: number | undefined): void {
  if (ifMatch === undefined || ifMatch === ticket.version) return;
  throw new SwitchboardError(
    'SWB_TICKET_STALE',
    `ticket ${ticket.id} is at version ${ticket.version}, not ${ifMatch}: someone changed it since you read it; read it again and re-apply your edit`,
    { version: ticket.version },
  );
}
