import type { Policy } from '../../core/policy/types.ts';
import { dueAfterStep } from '../../core/operations/sla-tick.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import type { Clock, TimerHandle } from '../../core/util/clock.ts';
import type { Logger } from '../../telemetry/logger.ts';

/** What differs between the local (heap) and shared (timers table) SLA runners. */
export interface ShellParts {
  /** What the runner reads the time from and waits on (one pending timer at a time). */
  clock: Clock;
  logger: Logger;
  bus: EventBus;
  /** The instant to wake at next (undefined: only when something is armed). */
  nextWake(): number | undefined;
  /** Steps what is due; `again()` says (once) that runDue was asked while it ran. */
  drain(again: () => boolean): Promise<number>;
  /** After each drain, before the next wake is set. */
  afterDrain?(): void;
  /** Arms one ticket after it changed on this process. */
  arm(ticket: Ticket): void;
  /** Every open ticket (the store's), to re-arm at start and after a policy swap. */
  openTickets(): Promise<Ticket[]>;
  /** Arms them all. */
  rearm(open: Ticket[]): Promise<void> | void;
}

export interface SlaShell {
  /** Runs the drain; a call while it runs makes it go round once more instead of overlapping. */
  runDue(): Promise<number>;
  /** Sets the one pending wake-up to `nextWake()` (when not draining). */
  reschedule(): void;
  readonly running: boolean;
  readonly stopped: boolean;
  /** Events of deadlines before this instant (the start) are marked late. */
  readonly lateBefore: number;
  /** Follows ticket.created / ticket.updated with `arm`, re-arms every open ticket, fires what is due. */
  start(): Promise<void>;
  rearmAll(): Promise<void>;
  /** Stops waking and listening; resolves when a drain in progress ended. */
  stop(): Promise<void>;
}

/** The wake-up and single-flight logic both SLA runners share. */
export function createSlaShell(parts: ShellParts): SlaShell {
  const { clock, logger } = parts;
  let wake: TimerHandle | undefined;
  let wakeAt: number | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;
  let lateBefore = -Infinity;
  const unsubscribe: (() => void)[] = [];
  const takeAgain = () => {
    const was = again;
    again = false;
    return was;
  };

  const shell: SlaShell = {
    get running() {
      return running !== undefined;
    },
    get stopped() {
      return stopped;
    },
    get lateBefore() {
      return lateBefore;
    },
    reschedule() {
      if (stopped) return;
      const at = parts.nextWake();
      if (at === wakeAt) return;
      if (wake) clock.clearTimer(wake);
      wake = undefined;
      wakeAt = at;
      if (at === undefined) return;
      // The run is returned so a manual clock's advance() waits for it.
      wake = clock.setTimer(() => {
        wakeAt = undefined;
        wake = undefined;
        return shell.runDue().catch((err) => logger.error('SLA scheduler run failed', { error: String(err) }));
      }, at - clock.now().getTime());
    },
    runDue() {
      if (running) {
        again = true;
        return running;
      }
      again = false;
      running = parts.drain(takeAgain).finally(() => {
        running = undefined;
        parts.afterDrain?.();
        shell.reschedule();
      });
      return running;
    },
    async start() {
      stopped = false;
      lateBefore = clock.now().getTime();
      unsubscribe.push(
        parts.bus.subscribe('ticket.created', (e) => parts.arm(e.ticket)),
        parts.bus.subscribe('ticket.updated', (e) => parts.arm(e.ticket)),
      );
      await shell.rearmAll();
      await shell.runDue();
    },
    async rearmAll() {
      await parts.rearm(await parts.openTickets());
      shell.reschedule();
    },
    async stop() {
      stopped = true;
      if (wake) clock.clearTimer(wake);
      wake = undefined;
      wakeAt = undefined;
      for (const u of unsubscribe.splice(0)) u();
      await running?.catch(() => undefined);
    },
  };
  return shell;
}

/** Arms a ticket just stepped (see dueAfterStep: a step that changed nothing is retried later, not at once). */
export function armAfterStep(
  deps: { policy: () => Policy; clock: Clock; logger: Logger },
  arm: (ticket: Ticket, due: number | undefined) => void,
) {
  return (ticket: Ticket, changed: boolean) => {
    const { due, stuck } = dueAfterStep(ticket, changed, deps.policy(), deps.clock.now().getTime());
    if (stuck) deps.logger.warn('SLA step left a deadline in the past; retrying in 60 s', { ticket: ticket.id });
    arm(ticket, due);
  };
}
