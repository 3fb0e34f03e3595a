import { SwitchboardError } from '../../core/errors/index.ts';
import type { EventBus } from '../../core/events/bus.ts';
import type { MetricsIndex } from '../../core/metrics/metrics-index.ts';
import type { Policy } from '../../core/policy/types.ts';
import type { Clock } from '../../core/util/clock.ts';
import { didYouMean } from '../../core/util/suggest.ts';
import type { Store } from '../../store/types.ts';
import type { Logger } from '../../telemetry/logger.ts';
import type { RoutingService } from '../routing-service.ts';
import { agentBoard, type BoardAgent } from './agent-board.ts';
import { createDayCounters, type Counts } from './day-counters.ts';
import { createRefusalLog, type Refusal } from './refusal-log.ts';
import { todayFigures, type TodayFigures } from './today-figures.ts';

/** What the supervisor's cards of the dashboard read (GET /api/dashboard/...). */
export interface SupervisorBoard {
  agents(group?: string): { group: string | null; items: BoardAgent[] };
  today(group?: string): TodayFigures & { counters: Counts };
  refusals(): { items: readonly Refusal[] };
  close(): Promise<void>;
}

/**
 * The supervisor's board: agents with presence, shift and load (routing), today's SLA and CSAT
 * (the metrics aggregates), today's counters and the refused policy changes (kept from the bus).
 * A group narrows everything but the refusals; an unknown group is refused.
 */
export async function createSupervisorBoard(deps: {
  bus: EventBus;
  store: Pick<Store, 'getMeta' | 'setMeta'>;
  clock: Clock;
  logger: Logger;
  policy: () => Policy;
  metrics: MetricsIndex;
  routing: Pick<RoutingService, 'agents'>;
  saveEveryMs?: number;
}): Promise<SupervisorBoard> {
  const counters = await createDayCounters({
    bus: deps.bus,
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    timezone: () => deps.metrics.timezone,
    ...(deps.saveEveryMs !== undefined ? { saveEveryMs: deps.saveEveryMs } : {}),
  });
  const refusals = await createRefusalLog({ bus: deps.bus, store: deps.store, logger: deps.logger });
  const known = (group: string | undefined) => {
    const groups = deps.policy().groups;
    if (group === undefined || groups.has(group)) return group;
    throw new SwitchboardError(
      'SWB_API_VALIDATION',
      `unknown group "${group}"${didYouMean(group, groups.keys())}; the groups are listed by GET /api/policy`,
      { path: '?group' },
    );
  };
  return {
    agents(group) {
      const g = known(group);
      const policy = deps.policy();
      return { group: g ?? null, items: agentBoard(deps.routing.agents(), g, (id) => policy.groups.get(id)?.lead) };
    },
    today(group) {
      const g = known(group);
      const figures = todayFigures(deps.metrics, {
        now: deps.clock.now(),
        timezone: deps.metrics.timezone,
        ...(g !== undefined ? { group: g } : {}),
      });
      const { day: _day, ...counts } = counters.today(g);
      return { ...figures, counters: counts };
    },
    refusals: () => ({ items: refusals.list() }),
    async close() {
      await refusals.close();
      await counters.close();
    },
  };
}
