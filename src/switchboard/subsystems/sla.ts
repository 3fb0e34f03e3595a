import type { Policy } from '../../core/policy/types.ts';
import { createSlaRunner, type SlaRunner } from '../../runtime/sla/sla-runner.ts';
import type { TicketService } from '../../runtime/ticket-service.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/**
 * The SLA scheduler: arms every open ticket, fires (late) what came due while down, and re-arms
 * after a policy swap (calendars and targets may move deadlines).
 */
export async function startSla(
  ctx: BootContext,
  deps: { store: Store; tickets: TicketService; policy: () => Policy },
): Promise<SlaRunner> {
  const o = ctx.options.sla ?? {};
  const sla = createSlaRunner({
    store: deps.store,
    clock: ctx.clock,
    bus: ctx.bus,
    tickets: deps.tickets,
    policy: deps.policy,
    logger: ctx.logger,
    shared: {
      ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
      ...(o.leaseMs !== undefined ? { leaseMs: o.leaseMs } : {}),
    },
    ...(deps.store.cluster ? { sharedTimers: deps.store.cluster.timers } : {}),
  });
  await sla.start();
  ctx.life.onClose(() => sla.stop());
  const rearm = () =>
    void sla.rearmAll().catch((err) => ctx.logger.error('SLA re-arm after reload failed', { error: String(err) }));
  ctx.life.onClose(ctx.bus.subscribe('config.applied', rearm));
  return sla;
}
