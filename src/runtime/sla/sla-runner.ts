import { createDeadlineScheduler } from '../../core/sla/scheduler.ts';
import { nextDue } from '../../core/operations/sla-tick.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import { createSharedSlaRunner } from './sla-claims.ts';
import type { SlaRunner, SlaRunnerDeps } from './sla-runner-types.ts';

export type { SharedTimerOptions, SlaRunner, SlaRunnerDeps } from './sla-runner-types.ts';
import { armAfterStep, createSlaShell } from './sla-shell.ts';

/** The SLA runner: steps each open ticket through the ticket service when its next instant comes. */
export function createSlaRunner(deps: SlaRunnerDeps): SlaRunner {
  // Several processes may share the store: deadlines then live in its timers table.
  if (deps.sharedTimers) return createSharedSlaRunner(deps, deps.sharedTimers, deps.shared);
  return createLocalSlaRunner(deps);
}

/**
 * One process owns the store (memory, lowdb): the shell around the deadline scheduler keeps each
 * open ticket armed at its next due instant (from ticket.created / ticket.updated events), wakes
 * once at the earliest instant, and steps due tickets through the ticket service (so a step never
 * races a reply).
 */
function createLocalSlaRunner(deps: SlaRunnerDeps): SlaRunner {
  const { clock, logger } = deps;
  const scheduler = createDeadlineScheduler();
  const concurrency = deps.concurrency ?? 16;

  const arm = (ticket: Ticket, due = nextDue(ticket, deps.policy())) => {
    scheduler.arm(ticket.id, due);
    if (!shell.running) shell.reschedule();
  };
  const armStepped = armAfterStep(deps, arm);

  const step = async (id: string) => {
    try {
      const stepped = await deps.tickets.advance(id, { lateBefore: shell.lateBefore });
      if (stepped) armStepped(stepped.ticket, stepped.changed);
      else scheduler.disarm(id);
    } catch (err) {
      // A conflicting write or a store hiccup: try again shortly rather than lose the deadline.
      logger.warn('SLA step failed; retrying in 1 s', { ticket: id, error: String(err) });
      scheduler.arm(id, clock.now().getTime() + 1000);
    }
  };

  const shell = createSlaShell({
    clock,
    logger,
    bus: deps.bus,
    nextWake: () => scheduler.nextAt(),
    arm: (ticket) => arm(ticket),
    openTickets: () => deps.store.openTickets(),
    rearm(open) {
      for (const t of open) scheduler.arm(t.id, nextDue(t, deps.policy()));
    },
    async drain(again) {
      let count = 0;
      do {
        const due = scheduler.takeDue(clock.now().getTime());
        for (let i = 0; i < due.length; i += concurrency) {
          await Promise.all(due.slice(i, i + concurrency).map((d) => step(d.id)));
        }
        count += due.length;
      } while (again() || (scheduler.nextAt() ?? Infinity) <= clock.now().getTime());
      return count;
    },
  });

  return {
    scheduler,
    mode: 'local',
    arm: (ticket) => arm(ticket),
    start: () => shell.start(),
    rearmAll: () => shell.rearmAll(),
    runDue: () => shell.runDue(),
    stop: () => shell.stop(),
  };
}
