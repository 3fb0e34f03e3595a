/**
 * Carries out actions from the action registry, isolated like hooks: an unknown, throwing or
 * hanging action is reported (`plugin.error`) and the caller goes on. Rules' `action` events run
 * here after the ticket is stored; SLA escalations can run theirs through the same runner.
 */
import type { ActionRegistry, ActionTrigger } from '../core/rules/actions.ts';
import type { FiredEvent } from '../core/rules/types.ts';
import type { Ticket } from '../core/model/ticket.ts';
import { withTimeout, type ReportError } from './isolate.ts';

export interface ActionRunner {
  run(name: string, params: Record<string, unknown>, ctx: { ticket: Ticket; trigger: ActionTrigger }): Promise<void>;
  /** Runs the `action` events rules fired for a ticket, in order. */
  runFired(events: readonly FiredEvent[], ticket: Ticket): Promise<void>;
}

export function createActionRunner(opts: {
  registry: ActionRegistry;
  /** Services for an action, by the plugin that owns it ("switchboard" for built-ins). */
  services: (owner: string) => Record<string, unknown>;
  report: ReportError;
  timeoutMs: number;
}): ActionRunner {
  const run: ActionRunner['run'] = async (name, params, ctx) => {
    const def = opts.registry.get(name);
    if (!def) return opts.report('switchboard', `action ${name}`, new Error(`unknown action "${name}"`), ctx.ticket.id);
    try {
      await withTimeout(
        () =>
          def.run(
            { ticket: ctx.ticket, trigger: ctx.trigger, services: opts.services(def.owner ?? 'switchboard') },
            params,
          ),
        opts.timeoutMs,
        `action ${name}`,
      );
    } catch (err) {
      opts.report(def.owner ?? 'switchboard', `action ${name}`, err, ctx.ticket.id);
    }
  };
  return {
    run,
    async runFired(events, ticket) {
      for (const e of events) {
        if (e.type !== 'action') continue;
        const { action, ...params } = e.params;
        await run(String(action), params, { ticket, trigger: { kind: 'rule', id: e.ruleId } });
      }
    },
  };
}
