import type { EventBus } from '../../core/events/bus.ts';
import { createDayKeyer } from '../../core/metrics/days.ts';
import type { SwitchboardEvent } from '../../core/tickets/events.ts';
import type { Clock, TimerHandle } from '../../core/util/clock.ts';
import type { Store } from '../../store/types.ts';
import type { Logger } from '../../telemetry/logger.ts';

/** What the board counts per local day: every event, SLA breaches and warnings, escalations, refused policy changes. */
export const counterNames = ['events', 'breaches', 'warnings', 'escalations', 'refusals'] as const;
export type CounterName = (typeof counterNames)[number];
export type Counts = Record<CounterName, number>;

/** The counts of one day, for every group together (`all`) and per ticket group. */
interface DayCounts {
  day: string;
  all: Counts;
  byGroup: Record<string, Counts>;
}

const counted: Partial<Record<string, CounterName>> = {
  'sla.breached': 'breaches',
  'sla.warning': 'warnings',
  'ticket.escalated': 'escalations',
  'config.rejected': 'refusals',
};

export const metaKey = 'dashboard:counters';
const zero = (): Counts => ({ events: 0, breaches: 0, warnings: 0, escalations: 0, refusals: 0 });

export interface DayCounters {
  /** Today's counts (zero once the day changed), of every group or of one group's tickets (refusals: always policy-wide). */
  today(group?: string): Counts & { day: string };
  /** Writes the counts now (also done within `saveEveryMs` of a change, and at close). */
  save(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Counts today's events as the bus publishes them (the day of each event's `at` in the time
 * zone), so a page opened or reloaded at any time reads the same numbers. Kept in the store's
 * meta (`dashboard:counters`) within `saveEveryMs` of a change and at close, so a restart
 * goes on counting from there.
 */
export async function createDayCounters(deps: {
  bus: EventBus;
  store: Pick<Store, 'getMeta' | 'setMeta'>;
  clock: Clock;
  timezone: () => string;
  logger: Logger;
  saveEveryMs?: number;
}): Promise<DayCounters> {
  const saveEveryMs = deps.saveEveryMs ?? 10_000;
  let keyer = { tz: '', dayOf: createDayKeyer('UTC') };
  const dayOf = (ms: number) => {
    const tz = deps.timezone();
    if (keyer.tz !== tz) keyer = { tz, dayOf: createDayKeyer(tz) };
    return keyer.dayOf(ms);
  };
  const saved = await deps.store.getMeta<DayCounts>(metaKey);
  let counts: DayCounts = saved?.day ? saved : { day: '', all: zero(), byGroup: {} };
  let timer: TimerHandle | undefined;

  const save = async () => {
    if (timer) deps.clock.clearTimer(timer);
    timer = undefined;
    await deps.store.setMeta(metaKey, counts);
  };
  const onEvent = (e: SwitchboardEvent) => {
    const day = dayOf(Date.parse(e.at));
    if (day < counts.day) return; // an event stamped before midnight, published after it
    if (day > counts.day) counts = { day, all: zero(), byGroup: {} };
    const name = counted[e.type];
    const group = 'ticket' in e ? e.ticket.group : undefined;
    const into = group === undefined ? [counts.all] : [counts.all, (counts.byGroup[group] ??= zero())];
    for (const c of into) {
      c.events++;
      if (name) c[name]++;
    }
    timer ??= deps.clock.setTimer(
      () => save().catch((err) => deps.logger.warn('dashboard counters not saved', { error: String(err) })),
      saveEveryMs,
    );
  };
  const unsubscribe = deps.bus.subscribe('*', onEvent);

  return {
    today(group) {
      const day = dayOf(deps.clock.now().getTime());
      if (day !== counts.day) return { day, ...zero() };
      if (group === undefined) return { day, ...counts.all };
      // a refused policy change is no group's: the policy-wide count stays
      return { day, ...(counts.byGroup[group] ?? zero()), refusals: counts.all.refusals };
    },
    save,
    async close() {
      unsubscribe();
      if (timer) await save();
    },
  };
}
