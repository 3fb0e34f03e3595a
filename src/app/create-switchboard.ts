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
import { createSlaRunner, type SlaRunner, type TimerHost } from './sla-runner.ts';
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
  /** An event bus to publish on (default a new in-process bus); lets callers listen from boot. */
  bus?: EventBus;
  /** How the SLA scheduler waits (default real timers; tests pass manualTimers and call sla.runDue()). */
  timers?: TimerHost;
  ids?: IdGenerator;
  logger?: Logger;
}

export interface SwitchboardEvents extends EventBus {
  /** The events as an async iterator; breaking out of `for await` unsubscribes. */
  stream<K extends EventName>(names?: readonly K[]): AsyncIterableIterator<SwitchboardEvent<K>>;
}

export interface Switchboard {
  readonly tickets: TicketService;
  readonly events: SwitchboardEvents;
  readonly store: Store;
  readonly policy: { current(): Policy };
  readonly loader: PolicyLoader;
  /** The SLA scheduler: deadlines, escalations, automations and follow-up tasks. */
  readonly sla: SlaRunner;
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
  const bus = opts.bus ?? createEventBus({
    clock,
    onListenerError: (err, event) => logger.error('event listener failed', { event: event.type, error: String(err) }),
  });
  const tickets = createTicketService({ store, clock, ids: opts.ids ?? createIdGenerator(() => clock.now().getTime()), bus, policy: () => policy });
  await tickets.start();
  const sla = createSlaRunner({ store, clock, bus, tickets, policy: () => policy, logger, ...(opts.timers ? { timers: opts.timers } : {}) });
  await sla.start();
  const startedAt = clock.now();
  const detachers: (() => void)[] = [];

  return {
    tickets,
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
    sla,
    policy: { current: () => policy },
    router: () => createApiRouter({ tickets, policy: () => policy, store, logger, startedAt, version: packageVersion }),
    attach(io, o = {}) {
      detachers.push(attachRealtime(io, bus, { namespace: o.namespace ?? '/switchboard' }).detach);
    },
    async close() {
      sla.stop();
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
