import { migrateTicket } from '../core/operations/migrate-ticket.ts';
import { findPolicyUse, idsOf, type PolicyUse, defines } from '../core/policy/policy-use.ts';
import type { Policy } from '../core/policy/types.ts';
import type { Store } from '../store/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { TicketService } from './ticket-service.ts';

/** What a policy swap means for the open tickets: checked before, applied right after. */
export interface PolicyMigration {
  /**
   * The ids open tickets use that `next` does not define, each with its `migrate:` target (or
   * none: then the swap is refused with SWB_POLICY_IN_USE). Reads the open tickets.
   */
  check(next: Policy): Promise<PolicyUse[]>;
  /**
   * Moves the open tickets as the live policy's `migrate:` says; returns how many moved.
   * `fromVersion`: the policy that was live (default: the version each ticket last changed under).
   */
  apply(fromVersion?: string): Promise<number>;
}

/**
 * The open tickets against a new policy. `apply` runs once the new policy is live, each ticket
 * through the ticket service's serialised change, so a reply racing the swap is never lost.
 */
export function createPolicyMigration(deps: {
  store: Store;
  apply: TicketService['apply'];
  policy: () => Policy;
  logger: Logger;
}): PolicyMigration {
  const usesUndefined = (policy: Policy, t: Parameters<typeof idsOf>[0]) =>
    idsOf(t).some(([kind, value]) => value !== '' && !defines(policy, kind, value));
  return {
    async check(next) {
      return findPolicyUse(next, await deps.store.openTickets());
    },
    async apply(fromVersion) {
      const policy = deps.policy();
      const open = await deps.store.openTickets();
      let moved = 0;
      for (const t of open) {
        if (!usesUndefined(policy, t)) continue;
        try {
          let changed = false;
          await deps.apply(t.id, async (ticket, live, now) => {
            const from = fromVersion ?? ticket.history.at(-1)?.policyVersion ?? 'unknown';
            const r = await migrateTicket(ticket, { policy: live, now, actor: 'policy', fromVersion: from });
            changed = r !== undefined;
            return r;
          });
          if (changed) moved++;
        } catch (err) {
          deps.logger.warn('policy migration of a ticket failed', { ticket: t.id, error: String(err) });
        }
      }
      if (moved > 0) deps.logger.info(`policy ${policy.version}: ${moved} open ticket(s) migrated`);
      return moved;
    },
  };
}
