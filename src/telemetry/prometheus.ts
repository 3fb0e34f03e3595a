import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isHistorical } from '../core/model/ticket.ts';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventBus } from '../core/events/bus.ts';
import type { Store } from '../store/types.ts';

/** What instrument() needs of a ticket service. */
interface Creates {
  create(input: never, opts?: never): Promise<unknown>;
}

export interface Metrics {
  readonly registry: Registry;
  /** Wraps the ticket service so `create` feeds the decision latency histogram. */
  /** Wraps a ticket service so that each create is timed in the decision histogram. */
  instrument<T extends Creates>(tickets: T): T;
  /** The realtime layer reports its connected clients here. */
  setSocketClients(count: () => number): void;
  close(): void;
}

/**
 * Prometheus metrics on a registry of their own (never prom-client's global default), so two
 * Switchboards in one process do not clash.
 */
export function createMetrics(deps: { store: Store; bus: EventBus }): Metrics {
  const registry = new Registry();
  let socketClients: () => number = () => 0;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();

  new Gauge({
    name: 'switchboard_tickets_open',
    help: 'Tickets not closed, by status, group and priority',
    labelNames: ['status', 'group', 'priority'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      // imported history (not live) is not open work
      for (const t of await deps.store.openTickets())
        if (!isHistorical(t)) this.inc({ status: t.status, group: t.group, priority: t.priority });
    },
  });
  const created = new Counter({
    name: 'switchboard_tickets_created_total',
    help: 'Tickets created by this process',
    labelNames: ['channel', 'priority'] as const,
    registers: [registry],
  });
  const breaches = new Counter({
    name: 'switchboard_sla_breaches_total',
    help: 'SLA breaches (sla.breached events)',
    labelNames: ['timer', 'priority', 'group'] as const,
    registers: [registry],
  });
  const warnings = new Counter({
    name: 'switchboard_sla_warnings_total',
    help: 'SLA warnings (sla.warning events)',
    labelNames: ['timer', 'priority'] as const,
    registers: [registry],
  });
  const decision = new Histogram({
    name: 'switchboard_decision_seconds',
    help: 'Time to decide and store a new ticket (pipeline + write)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'switchboard_socket_clients',
    help: 'Connected socket.io clients',
    registers: [registry],
    collect() {
      this.set(socketClients());
    },
  });
  new Gauge({
    name: 'switchboard_event_loop_lag_seconds',
    help: 'Event loop delay since the last scrape',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      this.set({ quantile: '0.5' }, lag.percentile(50) / 1e9);
      this.set({ quantile: '0.99' }, lag.percentile(99) / 1e9);
      this.set({ quantile: 'max' }, lag.max / 1e9);
      lag.reset();
    },
  });

  const unsubscribe = [
    deps.bus.subscribe('ticket.created', (e) => {
      created.inc({ channel: e.ticket.channel, priority: e.ticket.priority });
    }),
    deps.bus.subscribe('sla.breached', (e) => {
      breaches.inc({ timer: e.timer, priority: e.ticket.priority, group: e.ticket.group });
    }),
    deps.bus.subscribe('sla.warning', (e) => {
      warnings.inc({ timer: e.timer, priority: e.ticket.priority });
    }),
  ];

  return {
    registry,
    instrument<T extends Creates>(tickets: T): T {
      return {
        ...tickets,
        async create(input: never, opts?: never) {
          const end = decision.startTimer();
          try {
            return await tickets.create(input, opts);
          } finally {
            end();
          }
        },
      } as T;
    },
    setSocketClients(count) {
      socketClients = count;
    },
    close() {
      lag.disable();
      for (const u of unsubscribe) u();
    },
  };
}
