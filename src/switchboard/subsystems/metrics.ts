import type { MetricsIndex } from '../../core/metrics/index.ts';
import type { Policy } from '../../core/policy/types.ts';
import { attachMetrics } from '../../runtime/metrics/attach-metrics.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/** Metrics aggregates: the store is read once to start them, the bus keeps them current. */
export async function openMetrics(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy },
): Promise<MetricsIndex> {
  const metrics = await attachMetrics({ store: deps.store, bus: ctx.bus, policy: deps.policy });
  ctx.life.onClose(metrics.detach);
  return metrics.index;
}
