import type { MetricsIndex } from '../../core/metrics/metrics-index.ts';
import type { Policy } from '../../core/policy/types.ts';
import { createSupervisorBoard, type SupervisorBoard } from '../../runtime/board/board-service.ts';
import type { RoutingService } from '../../runtime/routing-service.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/**
 * The supervisor's dashboard cards (GET /api/dashboard/...): started before the policy watch, so
 * a refused reload is kept; its counters are written to the store before the store closes.
 */
export async function openBoard(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy; metrics: MetricsIndex; routing: RoutingService },
): Promise<SupervisorBoard> {
  const board = await createSupervisorBoard({
    bus: ctx.bus,
    clock: ctx.clock,
    logger: ctx.logger,
    store: deps.store,
    policy: deps.policy,
    metrics: deps.metrics,
    routing: deps.routing,
  });
  ctx.life.onClose(() => board.close());
  return board;
}
