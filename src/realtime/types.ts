import type { EventName, SwitchboardEvent } from '../core/tickets/events.ts';
import type { Ticket } from '../core/model/ticket.ts';

/** What a client receives for one event: the same shape in-process subscribers get. */
export type RealtimeEvent<K extends EventName = EventName> = SwitchboardEvent<K>;

/** `subscribe` filters: AND across kinds, OR within one; `tickets` adds single tickets. */
export interface SubscribeRequest {
  groups?: string[];
  priorities?: string[];
  channels?: string[];
  tickets?: string[];
  /** Everything the token may see (the default on connect). */
  all?: boolean;
  /** The last sequence number the client saw: replay what it missed, else a snapshot. */
  sinceSeq?: number;
  /** Coalesce events into `batch` emits (at most one per `batchMs`, default 10 ms). */
  batch?: boolean;
  /** Include a snapshot of matching open tickets in the ack (default true). */
  snapshot?: boolean;
  /** Snapshot size limit (default and max 1000). */
  limit?: number;
}

export type SubscribeAck =
  | {
      ok: true;
      /** The sequence number the snapshot or replay is consistent with; later events follow. */
      seq: number;
      mode: 'replay' | 'snapshot' | 'live';
      rooms: string[];
      replayed?: number;
      snapshot?: Ticket[];
      truncated?: boolean;
    }
  | { ok: false; error: { code: string; message: string } };

type Handlers = { [N in EventName]: (event: RealtimeEvent<N>) => void };

/** Typed event maps for socket.io: `io<ServerToClientEvents, ClientToServerEvents>(url)`. */
export interface ServerToClientEvents extends Handlers {
  batch: (payload: { events: RealtimeEvent[] }) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeAck) => void) => void;
}
