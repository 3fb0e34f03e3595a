import type { EventBus } from '../../core/events/bus.ts';
import type { Policy } from '../../core/policy/types.ts';
import type { DeadlineScheduler } from '../../core/sla/scheduler.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import type { Clock } from '../../core/util/clock.ts';
import type { Store } from '../../store/types.ts';
import type { Logger } from '../../telemetry/logger.ts';
import type { TicketService } from '../ticket-service.ts';
import type { TimerStore } from '../../store/timer-types.ts';

export interface SlaRunner {
  /** `local`: this process's heap fires (memory, lowdb). `shared`: the database's timers table (PostgreSQL), see sla-claims.ts. */
  readonly mode: 'local' | 'shared';
  /** Local mode: the deadlines. Shared mode: only wake-up hints (the table decides what fires). */
  readonly scheduler: DeadlineScheduler;
  /** Re-arms every open ticket from the store and fires (late) what came due while down. */
  start(): Promise<void>;
  /** Arms or re-arms one ticket at its next due instant. */
  arm(ticket: Ticket): void;
  /** Fires everything due at clock.now(); resolves with how many tickets were stepped. */
  runDue(): Promise<number>;
  /** Re-arms all open tickets (after a policy swap, when due times may have moved). */
  rearmAll(): Promise<void>;
  /** Stops waking; resolves once a run in progress ended and (shared) pending deadlines are written. */
  stop(): Promise<void>;
}

export interface SlaRunnerDeps {
  store: Store;
  /** Read for every due instant and waited on for the next one (a manual clock fires on advance()). */
  clock: Clock;
  bus: EventBus;
  tickets: TicketService;
  policy: () => Policy;
  logger: Logger;
  /**
   * Deadlines shared by several processes (the store's `cluster.timers`, PostgreSQL): each fires
   * once across them. Absent: this process's heap holds the deadlines.
   */
  sharedTimers?: TimerStore;
  /** Tickets stepped in parallel (each ticket is still serialised by the ticket service). */
  concurrency?: number;
  /** Poll interval, lease, ... when the store shares timers between processes (PostgreSQL). */
  shared?: SharedTimerOptions;
}

export interface SharedTimerOptions {
  /**
   * Longest wait between two looks at the timers table (default 5000 ms). Deadlines this process
   * armed wake it on time; the poll is what picks up deadlines armed by a process that died.
   */
  pollMs?: number;
  /**
   * How long a claim keeps other processes off a timer (default 30000 ms): a process that dies
   * between claim and complete delays those deadlines by at most this. A lease that runs out
   * mid-step costs a second step, never a second event (see below).
   */
  leaseMs?: number;
  /** Timers claimed per round (default 100). */
  batch?: number;
  /** This process's name on its claims (default host:pid:random). */
  owner?: string;
}
