import { SwitchboardError } from '../core/errors/switchboard-error.ts';
import type { TicketList } from './ticket-layout.ts';

/** Table names qualified by the store's schema; the schema name is checked, so plain interpolation is safe. */
export interface SqlNames {
  readonly schema: string;
  readonly tickets: string;
  /** The child tables holding each growing list of a ticket, a row per element (ticket-layout.ts). */
  readonly lists: Readonly<Record<TicketList, string>>;
  readonly sequences: string;
  readonly meta: string;
  readonly timers: string;
  readonly migrations: string;
  readonly attachments: string;
  readonly tokens: string;
  readonly audit: string;
  readonly savedViews: string;
}

export function sqlNames(schema: string): SqlNames {
  if (!/^[a-z_][a-z0-9_]{0,47}$/.test(schema)) {
    throw new SwitchboardError(
      'SWB_STORE_DATABASE',
      `The PostgreSQL schema name "${schema}" is not allowed: use lower-case letters, digits and _ (at most 48, not starting with a digit).`,
      { schema },
    );
  }
  const q = (table: string) => `"${schema}".${table}`;
  return {
    schema,
    tickets: q('tickets'),
    lists: { replies: q('ticket_replies'), history: q('ticket_history'), tasks: q('ticket_tasks') },
    sequences: q('sequences'),
    meta: q('meta'),
    timers: q('timers'),
    migrations: q('migrations'),
    attachments: q('socket_io_attachments'),
    tokens: q('auth_tokens'),
    audit: q('audit'),
    savedViews: q('saved_views'),
  };
}
