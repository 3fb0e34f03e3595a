import { SwitchboardError } from '../core/errors/switchboard-error.ts';
import type { Ticket } from '../core/model/ticket.ts';

/** Every store's checks and refusals, worded once (the contract suite holds them to one behaviour). */

export function checkStoredTicket(ticket: Ticket): void {
  if (typeof ticket?.id !== 'string' || ticket.id === '') {
    throw new SwitchboardError('SWB_INTERNAL', 'A ticket given to the store has no id.');
  }
  if (!Number.isInteger(ticket.version)) {
    throw new SwitchboardError('SWB_INTERNAL', `Ticket ${ticket.id} given to the store has no integer version.`);
  }
}

/** An update from `expectedVersion` carries the next version. */
export function checkNextVersion(ticket: Ticket, expectedVersion: number): void {
  if (ticket.version !== expectedVersion + 1) {
    throw new SwitchboardError(
      'SWB_INTERNAL',
      `An update of ticket ${ticket.id} from version ${expectedVersion} must carry version ${expectedVersion + 1}, not ${ticket.version}.`,
    );
  }
}

export const duplicateTicket = (id: string) =>
  new SwitchboardError('SWB_STORE_DUPLICATE', `Ticket ${id} exists already; insert a new id or update it.`, { id });

/** An insert claiming a meta key (an intake idempotency key) that another ticket holds already. */
export const claimTaken = (id: string, claim: string) =>
  new SwitchboardError(
    'SWB_STORE_DUPLICATE',
    `Ticket ${id} was not stored: the key "${claim}" belongs to another ticket already; read that ticket instead.`,
    { id, claim },
  );

/** Whether an insert failed because `claim` belongs to another ticket. */
export const isClaimTaken = (err: unknown, claim: string) =>
  err instanceof SwitchboardError &&
  err.code === 'SWB_STORE_DUPLICATE' &&
  (err.details as { claim?: unknown } | undefined)?.claim === claim;

export const ticketNotFound = (id: string) =>
  new SwitchboardError('SWB_TICKET_NOT_FOUND', `Ticket ${id} does not exist, so it cannot be updated.`, { id });

export const staleVersion = (id: string, expectedVersion: number, actualVersion: number) =>
  new SwitchboardError(
    'SWB_STORE_CONFLICT',
    `Ticket ${id} is at version ${actualVersion}, not ${expectedVersion}: it changed since it was read.`,
    {
      id,
      expectedVersion,
      actualVersion,
    },
  );
