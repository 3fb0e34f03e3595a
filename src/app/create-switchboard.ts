import { join } from 'node:path';
import type { Router } from 'express';
import type { Server } from 'socket.io';
import { createApiRouter } from '../api/routes.ts';
import { errorHandler } from '../api/error-handler.ts';
import { createSurveyRoutes } from '../api/metrics-routes.ts';
import { createSurveyService, type SurveyService } from '../csat/survey-service.ts';
import type { Ticket } from '../tickets/types.ts';
import { statusKind } from '../tickets/lifecycle.ts';
import { formatProblem, type Problem } from '../config/problem.ts';
import { createPolicyLoader, type PolicyLoader } from '../config/load.ts';
import type { SourceText } from '../config/read-sources.ts';
import type { Policy } from '../config/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import { createEventBus, type EventBus } from '../events/bus.ts';
import { streamEvents } from '../events/stream.ts';
import type { EventName, SwitchboardEvent } from '../events/types.ts';
import { attachRealtime } from '../realtime/attach.ts';
import { attachMetrics, type MetricsIndex } from '../metrics/index.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import type { Store } from '../store/types.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { createIdGenerator, type IdGenerator } from '../util/ids.ts';
import { createLogger, type Logger } from '../util/logger.ts';
import { defaultPreset, presetPath } from './presets.ts';
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
  /**
   * Called with a new survey link whenever a ticket becomes resolved (send it to the customer).
   * Without it no link is issued automatically; POST /api/tickets/:id/survey issues one.
   */
  onSurveyLink?: (ticket: Ticket, link: { token: string; path: string; expiresAt: string }) => void;
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
  /** Metrics aggregates, kept current from the event bus (GET /api/metrics reads them). */
  readonly metrics: MetricsIndex;
  /** Satisfaction surveys: links, answers, call-back tasks. */
  readonly surveys: SurveyService;
  /** The public survey pages (`GET/POST /:token`): mount at /survey, outside any login. */
  surveyRouter(): Router;
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
  const ids = opts.ids ?? createIdGenerator(() => clock.now().getTime());
  const tickets = createTicketService({ store, clock, ids, bus, policy: () => policy });
  const surveys = createSurveyService({ store, bus, clock, ids, tickets, policy: () => policy });
  await tickets.start();
  const metrics = await attachMetrics({ store, bus, policy: () => policy });
  const startedAt = clock.now();
  const detachers: (() => void)[] = [metrics.detach];
  if (opts.onSurveyLink) {
    const onLink = opts.onSurveyLink;
    detachers.push(bus.subscribe('ticket.updated', (e) => {
      if (e.type !== 'ticket.updated' || !e.data.changes.status) return;
      const [from, to] = e.data.changes.status as [string, string];
      const p = policy;
      if (statusKind(p, to) !== 'resolved' || statusKind(p, from) === 'resolved') return;
      const ticket = e.data.ticket;
      surveys.issue(ticket.id).then((link) => onLink(ticket, link), (err) => logger.error('survey link failed', { ticket: ticket.id, error: String(err) }));
    }));
  }

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
    policy: { current: () => policy },
    metrics: metrics.index,
    surveys,
    surveyRouter: () => createSurveyRoutes(surveys).use(errorHandler(logger)),
    router: () => createApiRouter({ tickets, policy: () => policy, store, logger, startedAt, version: packageVersion, loader, metrics: metrics.index, clock, surveys }),
    attach(io, o = {}) {
      detachers.push(attachRealtime(io, bus, { namespace: o.namespace ?? '/switchboard' }).detach);
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
