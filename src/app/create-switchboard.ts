import { join } from 'node:path';
import type { Router } from 'express';
import type { Server } from 'socket.io';
import { createApiRouter } from '../api/routes.ts';
import { formatProblem, type Problem } from '../config/problem.ts';
import { createPolicyLoader, type PolicyLoader } from '../config/load.ts';
import type { SourceText } from '../config/read-sources.ts';
import type { Policy } from '../config/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import { createEventBus, type EventBus } from '../events/bus.ts';
import { streamEvents } from '../events/stream.ts';
import type { EventName, SwitchboardEvent } from '../events/types.ts';
import { attachRealtime } from '../realtime/attach.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import type { Store } from '../store/types.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { createIdGenerator, type IdGenerator } from '../util/ids.ts';
import { createLogger, type Logger } from '../util/logger.ts';
import { defaultPreset, presetPath } from './presets.ts';
import { createRoutingService, type RoutingService } from './routing-service.ts';
import { createTicketService, type TicketService } from './ticket-service.ts';

export interface SwitchboardOptions {
  /** A policy directory or YAML file. */
  config?: string;
  /** A bundled preset name (used when no config is given; default "base"). */
  preset?: string;
  /** Policy texts held in memory (tests, embedding). */
  sources?: SourceText[];
  /** Where tickets live; default a lowdb store in `dataDir`. */
  store?: Store;
  /** Data directory for the default store (default ./data). */
  dataDir?: string;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
}

export interface SwitchboardEvents extends EventBus {
  /** The events as an async iterator; breaking out of `for await` unsubscribes. */
  stream<K extends EventName>(names?: readonly K[]): AsyncIterableIterator<SwitchboardEvent<K>>;
}

export interface Switchboard {
  readonly tickets: TicketService;
  /** Presence, loads, queues, re-queue and drain; `tick()` runs time-based steps (the server calls it every 15 s). */
  readonly routing: RoutingService;
  readonly events: SwitchboardEvents;
  readonly store: Store;
  readonly policy: { current(): Policy };
  readonly loader: PolicyLoader;
  /** The REST API as an Express router (mount it under any path). */
  router(): Router;
  /** Publishes live events on a socket.io server under a namespace (default "/switchboard"). */
  attach(io: Server, opts?: { namespace?: string }): void;
  close(): Promise<void>;
}

export const packageVersion = '0.1.0';

/** The composition root: policy, store, clock, bus, ticket service, API and realtime. */
export async function createSwitchboard(opts: SwitchboardOptions = {}): Promise<Switchboard> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger();
  const loader = createPolicyLoader();
  const result = opts.sources
    ? loader.fromTexts(opts.sources)
    : await loader.fromPath(opts.config ?? presetPath(opts.preset ?? defaultPreset));
  if (!result.ok) throw invalidPolicy(result.problems);
  for (const p of result.problems) logger.warn(formatProblem(p));
  let policy = result.policy;

  const store = opts.store ?? createLowdbStore({ dir: opts.dataDir ?? join(process.cwd(), 'data'), clock });
  await store.open();
  const bus = createEventBus({
    clock,
    onListenerError: (err, event) => logger.error('event listener failed', { event: event.type, error: String(err) }),
  });
  // The routing service applies its moves through the ticket service, which assigns new tickets with it.
  const routing = createRoutingService({ store, clock, bus, logger, policy: () => policy, apply: (id, op) => tickets.apply(id, op) });
  const tickets = createTicketService({ store, clock, ids: opts.ids ?? createIdGenerator(() => clock.now().getTime()), bus, policy: () => policy, routing: routing.intake });
  await tickets.start();
  await routing.start();
  const startedAt = clock.now();
  const detachers: (() => void)[] = [];

  return {
    tickets,
    routing,
    events: {
      get lastSeq() {
        return bus.lastSeq;
      },
      publish: bus.publish,
      subscribe: bus.subscribe,
      stream: (names) => streamEvents(bus, names),
    },
    store,
    loader,
    policy: { current: () => policy },
    router: () => createApiRouter({ tickets, routing, policy: () => policy, store, logger, startedAt, version: packageVersion, loader }),
    attach(io, o = {}) {
      detachers.push(attachRealtime(io, bus, { namespace: o.namespace ?? '/switchboard', presence: routing.setPresence }).detach);
    },
    async close() {
      for (const d of detachers) d();
      await store.close();
    },
  };
}

export function invalidPolicy(problems: Problem[]): SwitchboardError {
  const errors = problems.filter((p) => p.severity !== 'warning');
  return new SwitchboardError(
    'SWB_CONFIG_INVALID',
    `the policy has ${errors.length} problem(s):\n${errors.map(formatProblem).join('\n')}`,
    { problems },
  );
}
