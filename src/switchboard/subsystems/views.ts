import { coalesced } from '../../core/metrics/coalesced-index.ts';
import { createMetricsIndex, type MetricsIndex } from '../../core/metrics/metrics-index.ts';
import type { Policy } from '../../core/policy/types.ts';
import { createTaskIndex, type TaskIndex } from '../../core/tasks/task-index.ts';
import { scanTickets } from '../../runtime/metrics/scan-store.ts';
import { captureViews, restoreViews } from '../../runtime/saved-views.ts';
import { attachTicketViews } from '../../runtime/ticket-views.ts';
import type { Store } from '../../store/types.ts';
import type { BootContext } from './boot-context.ts';

/**
 * The views built from every ticket: the metrics aggregates (live changes applied in batches, see
 * coalesced-index.ts; reads see all of them) and the task index behind GET /api/tasks. A store
 * that saves views (lowdb beside its snapshot, PostgreSQL in rows) gives them back at start, and
 * only the tickets changed since are applied; saved views that are missing, damaged, older than
 * the store or made under another policy are rebuilt from every ticket, with a warning. The bus
 * keeps them current; the store saves them with its own saves.
 */
export async function openViews(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy },
): Promise<{ metrics: MetricsIndex; tasks: TaskIndex }> {
  const slot = deps.store.savedViews;
  const started = performance.now();
  let how = 'rebuilt from every ticket';
  const { views, detach } = await attachTicketViews(ctx.bus, async () => {
    const loaded = slot ? await slot.load() : { unusable: 'the store saves no views' };
    const restored = 'lines' in loaded ? restoreViews(loaded.lines, deps.policy()) : loaded.unusable;
    if (typeof restored !== 'string' && 'lines' in loaded) {
      how = 'loaded and brought up to date';
      const metrics = coalesced(restored.metrics, { clock: ctx.clock });
      return { views: [metrics, restored.tasks] as const, tickets: loaded.changed((id) => metrics.versionOf(id)) };
    }
    if (slot)
      ctx.logger.warn(`metrics and task views: rebuilding from every ticket, since ${restored}`, { reason: restored });
    const metrics = coalesced(createMetricsIndex({ policy: deps.policy }), { clock: ctx.clock });
    return { views: [metrics, createTaskIndex()] as const, tickets: scanTickets(deps.store) };
  });
  const [metrics, tasks] = views;
  metrics.flush();
  ctx.logger.info(`metrics and task views ${how}`, {
    tickets: metrics.size,
    ms: Math.round(performance.now() - started),
  });
  slot?.keep((limits) => captureViews(metrics, tasks, deps.policy(), limits));
  ctx.life.onClose(() => {
    detach();
    metrics.stop();
  });
  return { metrics, tasks };
}
