import { coalesced } from '../../core/metrics/coalesced-index.ts';
import { createMetricsIndex, type MetricsIndex } from '../../core/metrics/metrics-index.ts';
import type { Policy } from '../../core/policy/types.ts';
import { createTaskIndex, type TaskIndex } from '../../core/tasks/task-index.ts';
import { attachTicketViews } from '../../runtime/ticket-views.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/**
 * The views built from every ticket: the metrics aggregates (live changes applied in batches, see
 * coalesced-index.ts; reads see all of them) and the task index behind GET /api/tasks. The store
 * is read once to start both; the bus keeps them current.
 */
export async function openViews(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy },
): Promise<{ metrics: MetricsIndex; tasks: TaskIndex }> {
  const metrics = coalesced(createMetricsIndex({ policy: deps.policy }), { clock: ctx.clock });
  const tasks = createTaskIndex();
  const detach = await attachTicketViews({ store: deps.store, bus: ctx.bus }, [metrics, tasks]);
  metrics.flush();
  ctx.life.onClose(() => {
    detach();
    metrics.stop();
  });
  return { metrics, tasks };
}
