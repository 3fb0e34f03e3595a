import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createDeadlineScheduler } from '../../core/sla/scheduler.ts';
import { nextDue } from '../../core/operations/sla-tick.ts';
import type { ClaimedTimer, TimerStore } from '../../store/timer-types.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import type { SharedTimerOptions, SlaRunner, SlaRunnerDeps } from './sla-runner-types.ts';
import { armAfterStep, createSlaShell } from './sla-shell.ts';
import { createTimerWriter } from './timer-writer.ts';

/** How a runner shares deadlines with other processes through the database. */

const retryMs = 1000;

/**
 * The SLA runner for several processes on one database (PostgreSQL). Each open ticket has one
 * row in the timers table (kind `sla`) at its next due instant, written after every change to
 * the ticket (ticket.created / ticket.updated on this process's bus) and for all open tickets
 * at start. Every process claims due rows (FOR UPDATE SKIP LOCKED + a lease), steps each claimed
 * ticket through the ticket service, writes the ticket's next instant, then completes the claims
 * (a row re-armed meanwhile is kept). It wakes at the earliest instant it knows of (this
 * process's arms, the table's next unclaimed row) and at least every `pollMs`.
 *
 * Exactly one event per transition, even when two processes step one ticket (a lease that ran
 * out mid-step, or a claim racing a reply): the event (sla.warning, sla.breached, escalation,
 * task.due) is derived from the ticket's stored SLA state, and the step writes with the version
 * it read and publishes only after the write succeeded. Of two steps from the same version one
 * write fails with SWB_STORE_CONFLICT and publishes nothing (its claim is retried in 1 s); a step
 * reading the newer version finds the transition already recorded and changes nothing. A claim is
 * completed only after the ticket's next instant is durably written, so a deadline is never lost.
 */
export function createSharedSlaRunner(
  deps: SlaRunnerDeps,
  store: TimerStore,
  opts: SharedTimerOptions = {},
): SlaRunner {
  const { clock, logger } = deps;
  const concurrency = deps.concurrency ?? 16;
  const pollMs = opts.pollMs !== undefined && opts.pollMs > 0 ? opts.pollMs : 5000;
  const leaseMs = opts.leaseMs !== undefined && opts.leaseMs >= 0 ? opts.leaseMs : 30_000;
  const batch = opts.batch ?? 100;
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // Wake hints only: the table decides what is due and who fires it.
  const scheduler = createDeadlineScheduler();
  const writer = createTimerWriter(store, logger);
  let tableNext: number | undefined;
  let lastLook = -Infinity;

  const arm = (ticket: Ticket, due = nextDue(ticket, deps.policy())) => {
    writer.set(ticket.id, ticket.version, due);
    scheduler.arm(ticket.id, due);
    if (!shell.running) shell.reschedule();
  };
  const armStepped = armAfterStep(deps, arm);

  /** Steps one claimed ticket; false when it must be retried. */
  const step = async (claim: ClaimedTimer): Promise<boolean> => {
    try {
      const stepped = await deps.tickets.advance(claim.ticketId, { lateBefore: shell.lateBefore });
      if (stepped) armStepped(stepped.ticket, stepped.changed);
      else writer.set(claim.ticketId, undefined, undefined);
      return true;
    } catch (err) {
      // A conflicting write (another process changed the ticket) or a store hiccup.
      logger.warn('SLA step failed; retrying in 1 s', { ticket: claim.ticketId, error: String(err) });
      scheduler.arm(claim.ticketId, clock.now().getTime() + retryMs);
      return false;
    }
  };

  const round = async (): Promise<number> => {
    const now = clock.now();
    scheduler.takeDue(now.getTime());
    const claims = await store.claimDue(now, batch, owner, leaseMs);
    const done: ClaimedTimer[] = [];
    const retry: ClaimedTimer[] = [];
    for (let i = 0; i < claims.length; i += concurrency) {
      const part = claims.slice(i, i + concurrency);
      const ok = await Promise.all(part.map(step));
      part.forEach((c, j) => (ok[j] ? done : retry).push(c));
    }
    // Next instants first: completing before they are stored could lose a deadline.
    await writer.flush();
    await store.complete(done);
    await store.postpone(retry, new Date(clock.now().getTime() + retryMs));
    return claims.length;
  };

  const shell = createSlaShell({
    clock,
    logger,
    bus: deps.bus,
    nextWake: () => Math.min(scheduler.nextAt() ?? Infinity, tableNext ?? Infinity, lastLook + pollMs),
    arm: (ticket) => arm(ticket),
    openTickets: () => deps.store.openTickets(),
    async rearm(open) {
      // Also repairs rows a process missed (it died between a ticket write and its timer write):
      // versioned, so rows already current are left alone, claims included.
      for (const t of open) arm(t);
      await writer.flush();
    },
    async drain(again) {
      let count = 0;
      do {
        await writer.flush();
        while (!shell.stopped) {
          const n = await round();
          count += n;
          if (n === 0) break;
        }
      } while (again() && !shell.stopped);
      tableNext = (await store.nextDue(clock.now()))?.getTime();
      return count;
    },
    afterDrain: () => {
      lastLook = clock.now().getTime();
    },
  });

  return {
    scheduler,
    mode: 'shared',
    arm: (ticket) => arm(ticket),
    start: () => shell.start(),
    rearmAll: () => shell.rearmAll(),
    runDue: () => shell.runDue(),
    async stop() {
      await shell.stop();
      await writer.flush().catch((err) => logger.warn('SLA deadlines not written at stop', { error: String(err) }));
    },
  };
}
