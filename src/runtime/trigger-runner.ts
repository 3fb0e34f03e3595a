import { SwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { Ticket } from '../core/model/ticket.ts';
import { changeOf, holdingTriggers, runTriggers, type TicketChange } from '../core/triggers/index.ts';
import type { Clock } from '../core/util/clock.ts';
import type { FiredEvent } from '../core/rules/types.ts';
import { workflowsOnChange } from '../core/sla/workflows-on-change.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Policy } from '../core/policy/types.ts';
import type { TicketService } from './ticket-service.ts';

/**
 * Rounds of triggers one ticket may go through while every change in between is by the system
 * (routing, SLA, triggers themselves): past it the chain stops with `trigger.loop`.
 */
export const triggerRoundLimit = 10;

export interface TriggerRunner {
  /** Resolves once the trigger work started so far has finished. */
  idle(): Promise<void>;
  /** Resolves once the workflow and trigger work of one ticket has finished, including what that work set off. */
  settled(ticketId: string): Promise<void>;
  close(): void;
}

/**
 * After every stored change: workflows whose `when` came true add their tasks (and tasks whose
 * `from` moved are re-timed; see workflowsOnChange), and the policy's triggers run: on `ticket.created` and
 * `ticket.updated` (its newest history entry is the change), through the ticket service's
 * serialised change, so the triggers' actions are one more write with a `trigger` entry. That
 * write does not run triggers again; a ticket whose triggers keep firing through other writers
 * (routing, SLA) stops after `triggerRoundLimit` rounds with `trigger.loop` (SWB_TRIGGER_LOOP
 * in the log) and starts afresh at the next change by a person or a plugin.
 */
export function createTriggerRunner(deps: {
  bus: EventBus;
  apply: TicketService['apply'];
  logger: Logger;
  policy: () => Policy;
  clock: Clock;
  runActions?: (ticket: Ticket, fired: readonly FiredEvent[]) => void;
}): TriggerRunner {
  const rounds = new Map<string, number>();
  let pending: Promise<unknown> = Promise.resolve();
  /** The newest work of each ticket (its chain settles in order: apply serialises per ticket). */
  const perTicket = new Map<string, Promise<unknown>>();
  const track = (id: string, work: Promise<unknown>) => {
    pending = Promise.all([pending, work]);
    const chained = Promise.all([perTicket.get(id), work]);
    perTicket.set(id, chained);
    void chained.then(() => {
      if (perTicket.get(id) === chained) perTicket.delete(id);
    });
  };
  /**
   * `stored`: the ticket as the change left it (from its event). When no trigger holds for it,
   * the change costs one evaluation and no read of the ticket; otherwise the triggers run on the
   * ticket as the store holds it, in the ticket's serialised order of changes (starting from that
   * evaluation when the store still holds that version under the same policy).
   */
  const run = (stored: Ticket, change: TicketChange) => {
    if (deps.policy().triggers.defs.length === 0) return;
    const id = stored.id;
    let fired: FiredEvent[] = [];
    const applyTriggers = (policy: Policy, held: ReadonlySet<number>) =>
      deps
        .apply(id, async (ticket, current, now) => {
          const same = current === policy && ticket.version === stored.version;
          const r = await runTriggers(ticket, current, change, { now, ...(same ? { holding: held } : {}) });
          if (!r) return undefined;
          const n = (rounds.get(id) ?? 0) + 1;
          rounds.set(id, n);
          // the stop is reported once; system changes after it leave the chain stopped
          if (n > triggerRoundLimit + 1) return undefined;
          if (n > triggerRoundLimit) {
            const err = new SwitchboardError(
              'SWB_TRIGGER_LOOP',
              `ticket ${id}: triggers ${r.runs.map((x) => x.id).join(', ')} kept firing for ${n - 1} rounds of system changes; the chain stops here`,
            );
            deps.logger.warn(err.message, { code: err.code, ticket: id });
            deps.bus.publish({
              type: 'trigger.loop',
              data: { ticket, triggers: r.runs.map((x) => x.id), rounds: n - 1 },
            });
            return undefined;
          }
          fired = r.actions.map((a) => ({
            ruleId: a.trigger,
            type: 'action',
            params: { action: a.action, ...a.params },
          }));
          return r;
        })
        .then((stored) => {
          if (fired.length > 0) deps.runActions?.(stored, fired);
        });
    // after the ticket's earlier trigger and workflow work, so its changes keep their order
    const earlier = perTicket.get(id);
    const work = (async () => {
      await earlier;
      const policy = deps.policy();
      const held = await holdingTriggers(stored, policy, change, deps.clock.now().getTime());
      if (held.size > 0) await applyTriggers(policy, held);
    })().catch((err) => deps.logger.warn('triggers failed', { ticket: id, error: String(err) }));
    track(id, work);
  };
  const offCreated = deps.bus.subscribe('ticket.created', (e) => {
    rounds.delete(e.ticket.id);
    const first = e.ticket.history[0];
    if (first) run(e.ticket, { ...changeOf(first), kind: 'created' });
  });
  /**
   * Workflows whose `when` came true, and tasks whose `from` moved, after a change. They are
   * first worked out on the ticket as the change left it (from its event): when nothing would
   * change, the change costs no read and no write. A newer version the store may hold by then was
   * written by a change of its own, which publishes its own event and gets its own check.
   */
  const runWorkflows = (stored: Ticket) => {
    if (deps.policy().workflows.length === 0) return;
    const id = stored.id;
    const work = (async () => {
      if (!(await workflowsOnChange(stored, deps.policy(), { now: deps.clock.now() }))) return;
      await deps.apply(id, (ticket, policy, now) => workflowsOnChange(ticket, policy, { now }));
    })().catch((err) => deps.logger.warn('workflows failed', { ticket: id, error: String(err) }));
    track(id, work);
  };
  const offUpdated = deps.bus.subscribe('ticket.updated', (e) => {
    const entry = e.ticket.history.at(-1);
    if (!entry || entry.type === 'trigger') return;
    const change = changeOf(entry);
    if (change.actor !== 'system') rounds.delete(e.ticket.id);
    if (entry.type !== 'workflow') runWorkflows(e.ticket);
    run(e.ticket, change);
  });
  return {
    idle: async () => {
      // work started while waiting is waited for too
      let seen: Promise<unknown>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
    settled: async (ticketId) => {
      // a trigger's own write publishes ticket.updated, which may start more work on the ticket
      for (let w = perTicket.get(ticketId); w !== undefined; w = perTicket.get(ticketId)) {
        await w;
        // the chain's cleanup runs a tick later: stop once nothing newer was added
        if (perTicket.get(ticketId) === w) break;
      }
    },
    close() {
      offCreated();
      offUpdated();
    },
  };
}
