import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import type { Server } from 'socket.io';
import { createApiRouter } from '../http/routes.ts';
import { errorHandler } from '../http/error-handler.ts';
import { createSurveyRoutes } from '../http/metrics-routes.ts';
import { createSurveyService, type SurveyService } from '../runtime/csat/survey-service.ts';
import type { Ticket } from '../core/model/ticket.ts';
import { statusKind } from '../core/tickets/lifecycle.ts';
import { formatProblem } from '../core/policy/problem.ts';
import { createPolicyLoader, type PolicyLoader } from '../config/load.ts';
import { readPolicySources, type SourceText } from '../config/read-sources.ts';
import type { Policy } from '../core/policy/types.ts';
import { invalidPolicy } from '../config/invalid-policy.ts';
import { createEventBus, type EventBus } from '../core/events/bus.ts';
import { streamEvents } from '../core/events/stream.ts';
import type { EventName, SwitchboardEvent } from '../core/tickets/events.ts';
import { attachRealtime } from '../realtime/attach.ts';
import { clusterViews, markBeforeViews } from '../runtime/cluster-views.ts';
import type { MetricsIndex } from '../core/metrics/index.ts';
import { attachMetrics } from '../runtime/metrics/attach-metrics.ts';
import {
  createPluginManager,
  loadPolicyWithPlugins,
  type EmbeddedPlugin,
  type PluginManager,
} from '../plugins/index.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import { createPostgresStore } from '../postgres/index.ts';
import type { Store } from '../store/types.ts';
import { systemClock, type Clock } from '../core/util/clock.ts';
import { createIdGenerator, type IdGenerator } from '../core/util/ids.ts';
import { createLogger, type Logger } from '../telemetry/logger.ts';
import { defaultPreset, presetPath } from '../runtime/presets.ts';
import { createRoutingService, type RoutingService } from '../runtime/routing-service.ts';
import { createSlaRunner, type SlaRunner, type TimerHost } from '../runtime/sla/sla-runner.ts';
import { createTicketService, type TicketService } from '../runtime/ticket-service.ts';
import { createTicketActions, type TicketActions } from '../runtime/ticket-actions.ts';
import { createKeyedQueue } from '../runtime/keyed-queue.ts';
import { openSecurity, type Security, type SecurityOptions } from './security.ts';
import { createPolicyHolder, type PolicyCheck } from '../runtime/policy-holder.ts';
import { withFaq } from '../runtime/faq-service.ts';
import { createQaService, type QaService } from '../runtime/qa/qa-service.ts';

export interface SwitchboardOptions {
  /** A policy directory or YAML file. */
  config?: string;
  /** A bundled preset name (used when no config is given; default "base"). */
  preset?: string;
  /** Policy texts held in memory (tests, embedding). */
  sources?: SourceText[];
  /** Where tickets live; default a PostgreSQL store when `databaseUrl` is set, else lowdb in `dataDir`. */
  store?: Store;
  /**
   * A PostgreSQL connection string (`switchboard serve` takes it from --database-url or
   * DATABASE_URL): tickets, timers and socket.io fan-out then live in that database, so several
   * processes can serve one team. Not read from the environment here, so embedding stays explicit.
   */
  databaseUrl?: string;
  /** PostgreSQL schema for the tables (default "switchboard"). */
  databaseSchema?: string;
  /** Data directory for the default store (default ./data). */
  dataDir?: string;
  /**
   * Default lowdb store: closed tickets this many days old move to monthly archive files that
   * stay queryable (default 30; 0 = keep every ticket in the hot file).
   */
  archiveClosedAfterDays?: number;
  clock?: Clock;
  /** An event bus to publish on (default a new in-process bus); lets callers listen from boot. */
  bus?: EventBus;
  /** How the SLA scheduler waits (default real timers; tests pass manualTimers and call sla.runDue()). */
  timers?: TimerHost;
  /**
   * PostgreSQL only (deadlines shared by all processes through the timers table): the longest
   * wait between two looks at the table (default 5000 ms; bounds how late a deadline armed by a
   * process that died fires) and how long a claim keeps other processes off a timer (default
   * 30000 ms; a process dying mid-step delays those deadlines by at most this).
   */
  slaPollMs?: number;
  slaLeaseMs?: number;
  ids?: IdGenerator;
  logger?: Logger;
  /**
   * Called with a new survey link whenever a ticket becomes resolved (send it to the customer).
   * Without it no link is issued automatically; POST /api/tickets/:id/survey issues one.
   */
  onSurveyLink?: (ticket: Ticket, link: { token: string; path: string; expiresAt: string }) => void;
  /**
   * Tokens, audit and rate limits (src/app/security.ts). Omitted: the host authenticates (no
   * Switchboard tokens are checked). `{}` or more: Switchboard's tokens and roles apply.
   */
  security?: SecurityOptions;
  /** Plugins passed in code (embedding); the policy's `plugins:` may name them to give options. */
  plugins?: EmbeddedPlugin[];
  /** Where `plugins: [{ name }]` are looked up (default ./plugins, then the bundled plugins/). */
  pluginDirs?: string[];
  /** Time limits for plugin hooks/actions (default 2000 ms) and setup (default 5000 ms). */
  pluginHookTimeoutMs?: number;
  pluginSetupTimeoutMs?: number;
  /** Hot reload: watch the policy directory (and what it extends) and apply valid changes. */
  watch?: boolean | { debounceMs?: number };
  /** How often the daily QA step checks for completed days to sample (default 10 min, and once at start; 0 = never: call `sb.qa.tick()`). */
  qaTickMs?: number;
}

export interface SwitchboardEvents extends EventBus {
  /** The events as an async iterator; breaking out of `for await` unsubscribes. */
  stream<K extends EventName>(names?: readonly K[]): AsyncIterableIterator<SwitchboardEvent<K>>;
}

export interface Switchboard {
  /** create, get, list, reply, setStatus, rate; assign, escalate, merge, addTags, removeTags. */
  readonly tickets: TicketService & TicketActions;
  /** Presence, loads, queues, re-queue and drain; `tick()` runs time-based steps (the server calls it every 15 s). */
  readonly routing: RoutingService;
  /** Quality review: sampling, queue, reviews, agent error rates (src/qa). */
  readonly qa: QaService;
  readonly events: SwitchboardEvents;
  readonly store: Store;
  readonly policy: {
    /** The live policy; read it once per operation. */
    current(): Policy;
    /** Loads the policy path again; applies it only when valid (publishes config.applied / config.rejected). */
    reload(): Promise<PolicyCheck>;
    /** Checks candidate policy texts without applying them (off the main thread, `extends` confined). */
    validate(sources: SourceText[]): Promise<PolicyCheck>;
  };
  readonly loader: PolicyLoader;
  /** Metrics aggregates, kept current from the event bus (GET /api/metrics reads them). */
  readonly metrics: MetricsIndex;
  /** Satisfaction surveys: links, answers, call-back tasks. */
  readonly surveys: SurveyService;
  /** The public survey pages (`GET/POST /:token`): mount at /survey, outside any login. */
  surveyRouter(): Router;
  /** The SLA scheduler: deadlines, escalations, automations and follow-up tasks. */
  readonly sla: SlaRunner;
  /** Tokens, audit log, metrics registry (src/app/security.ts). */
  readonly security: Security;
  readonly plugins: Pick<PluginManager, 'loaded' | 'settled' | 'actions' | 'holidaySources' | 'reloadProblems'>;
  /** The REST API as an Express router (mount it under any path). */
  router(): Router;
  /**
   * Publishes live events on a socket.io server under a namespace (default "/switchboard").
   * `cluster: true` when `io` has an adapter shared by several processes: events are forwarded
   * to the others (only while there are others), and theirs feed this process's sockets,
   * routing and metrics.
   */
  attach(io: Server, opts?: { namespace?: string; cluster?: boolean }): void;
  close(): Promise<void>;
}

export const packageVersion = '0.1.0';

/** First-party plugins shipped beside src/ (and dist/). */
export const bundledPluginsDir = fileURLToPath(new URL('../../plugins', import.meta.url));

/** The composition root: policy, store, clock, bus, ticket service, API and realtime. */
export async function createSwitchboard(opts: SwitchboardOptions = {}): Promise<Switchboard> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger();
  const loader = createPolicyLoader();
  const dataDir = opts.dataDir ?? join(process.cwd(), 'data');
  const bus =
    opts.bus ??
    createEventBus({
      clock,
      onListenerError: (err, event) => logger.error('event listener failed', { event: event.type, error: String(err) }),
    });
  let tickets: TicketService | undefined;
  const plugins = createPluginManager({
    loader,
    bus,
    logger,
    clock,
    dataDir,
    version: packageVersion,
    tickets: () => tickets,
    pluginDirs: opts.pluginDirs ?? [join(process.cwd(), 'plugins'), bundledPluginsDir],
    ...(opts.pluginHookTimeoutMs !== undefined ? { hookTimeoutMs: opts.pluginHookTimeoutMs } : {}),
    ...(opts.pluginSetupTimeoutMs !== undefined ? { setupTimeoutMs: opts.pluginSetupTimeoutMs } : {}),
  });
  // Plugins are set up before the policy is validated: its rules may use what they add.
  const path = opts.sources ? undefined : (opts.config ?? presetPath(opts.preset ?? defaultPreset));
  const sources = opts.sources ?? (await readPolicySources(path as string));
  const result = await loadPolicyWithPlugins(sources, {
    loader,
    plugins,
    embedded: opts.plugins ?? [],
    ...(path !== undefined ? { path } : {}),
  });
  if (!result.ok) throw invalidPolicy(result.problems);
  for (const p of result.problems) logger.warn(formatProblem(p));
  const holder = createPolicyHolder({
    loader,
    initial: result,
    ...(path !== undefined ? { path } : {}),
    bus,
    logger,
    // Plugins are set up once: a reload that changes them is rejected until a restart.
    check: (files) => plugins.reloadProblems(files),
  });
  const policy = holder.current;

  const store = opts.store ?? defaultStore(opts, clock);
  await store.open();
  // Before the views below read the store: a process joining others catches up from here (attach).
  const joinMark = await markBeforeViews(store);
  // One per-ticket queue for every writer, so a reply and an assignment never race.
  const queue = createKeyedQueue();
  const ids = opts.ids ?? createIdGenerator(() => clock.now().getTime());
  // The routing service applies its moves through the ticket service, which assigns new tickets with it.
  const routing = createRoutingService({ store, clock, bus, logger, policy, apply: (id, op) => service.apply(id, op) });
  // FAQ auto-answers wrap the service: intake, routing and SLAs stay as they are.
  tickets = withFaq(
    createTicketService({
      store,
      clock,
      ids,
      bus,
      policy,
      hooks: plugins.ticketHooks,
      queue,
      routing: routing.intake,
      onBackgroundError: (what, err) => logger.warn(`${what} failed`, { error: String(err) }),
    }),
    { store, clock, policy, ids },
  );
  const actions = createTicketActions({ apply: tickets.apply, store, clock, bus, policy, queue });
  const qa = createQaService({ store, clock, bus, policy });
  if (opts.watch) await holder.watch(typeof opts.watch === 'object' ? opts.watch : {});
  const service = tickets;
  await service.start();
  await routing.start();
  // The SLA scheduler arms every open ticket now and fires (late) what came due while down.
  const shared = {
    ...(opts.slaPollMs !== undefined ? { pollMs: opts.slaPollMs } : {}),
    ...(opts.slaLeaseMs !== undefined ? { leaseMs: opts.slaLeaseMs } : {}),
  };
  const sla = createSlaRunner({
    store,
    clock,
    bus,
    tickets,
    policy,
    logger,
    shared,
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  await sla.start();
  // A policy swap may move deadlines (calendars, targets): re-arm from the store.
  const unwatchPolicy = bus.subscribe(
    'config.applied',
    () => void sla.rearmAll().catch((err) => logger.error('SLA re-arm after reload failed', { error: String(err) })),
  );
  const surveys = createSurveyService({ store, bus, clock, ids, tickets: service, policy });
  // Aggregates follow the bus from here on; the store is read once to start them.
  const metrics = await attachMetrics({ store, bus, policy });
  const startedAt = clock.now();
  // Tokens and audit live next to the tickets; with an embedder's store and no dataDir, in memory.
  // Embedded without a `security` option, the host owns authentication (it mounts the router
  // inside its own app); `switchboard serve` always passes one, so the standalone server is
  // secure by default.
  if (!opts.security)
    logger.warn(
      'Switchboard is embedded without its own auth (no `security` option): protect the mount path, or pass security: {} to use Switchboard tokens',
    );
  const security = await openSecurity({
    ...(opts.security ?? { auth: false }),
    dataDir: opts.dataDir ?? (opts.store ? undefined : join(process.cwd(), 'data')),
    clock,
    ids,
    logger,
    store,
    bus,
    policy,
    actions,
  });
  const detachers: (() => void)[] = [metrics.detach];
  const cluster = clusterViews({ routing, metrics: metrics.index, logger, joinMark });
  if (opts.onSurveyLink) {
    const onLink = opts.onSurveyLink;
    detachers.push(
      bus.subscribe('ticket.updated', (e) => {
        if (e.type !== 'ticket.updated' || !e.data.changes.status) return;
        const [from, to] = e.data.changes.status as [string, string];
        const p = policy();
        if (statusKind(p, to) !== 'resolved' || statusKind(p, from) === 'resolved') return;
        const ticket = e.data.ticket;
        surveys.issue(ticket.id).then(
          (link) => onLink(ticket, link),
          (err) => logger.error('survey link failed', { ticket: ticket.id, error: String(err) }),
        );
      }),
    );
  }

  await plugins.ready(policy());

  // The daily QA step: samples each completed day (by the injected clock) once.
  const qaTick = () => qa.tick().catch((err: unknown) => logger.error('QA sampling failed', { error: String(err) }));
  const qaEvery = opts.qaTickMs ?? 600_000;
  if (qaEvery > 0) await qaTick();
  const qaTimer = qaEvery > 0 ? setInterval(() => void qaTick(), qaEvery) : undefined;
  qaTimer?.unref();

  return {
    tickets: { ...service, ...actions },
    routing,
    qa,
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
    plugins,
    policy: { current: holder.current, reload: holder.reload, validate: holder.validate },
    security,
    metrics: metrics.index,
    surveys,
    surveyRouter: () => createSurveyRoutes(surveys).use(errorHandler(logger)),
    router() {
      // Plugin routes sit inside the API router, behind its auth guard (admin-only unless the
      // route table lists them), before its 404.
      return createApiRouter({
        tickets: security.instrument(service),
        policy,
        policyAdmin: holder,
        store,
        logger,
        startedAt,
        version: packageVersion,
        security: security.api,
        loader,
        routing,
        extraRoutes: plugins.router(),
        qa,
        metrics: metrics.index,
        clock,
        surveys,
      });
    },
    attach(io, o = {}) {
      // Other processes' events also feed this process's loads and metrics (cluster mode).
      const realtime = attachRealtime(io, bus, {
        namespace: o.namespace ?? '/switchboard',
        ...security.realtime,
        presence: routing.setPresence,
        ...(o.cluster ? { cluster: true, onRemote: cluster.onRemote } : {}),
      });
      detachers.push(realtime.detach);
      const stopJoin = o.cluster ? cluster.join(realtime.namespace) : undefined;
      if (stopJoin) detachers.push(stopJoin);
    },
    async close() {
      await sla.stop();
      unwatchPolicy();
      if (qaTimer) clearInterval(qaTimer);
      holder.close();
      for (const d of detachers) d();
      await plugins.close();
      await security.close();
      await store.close();
    },
  };
}

function defaultStore(opts: SwitchboardOptions, clock: Clock): Store {
  if (opts.databaseUrl) {
    return createPostgresStore({
      connectionString: opts.databaseUrl,
      ...(opts.databaseSchema ? { schema: opts.databaseSchema } : {}),
    });
  }
  return createLowdbStore({
    dir: opts.dataDir ?? join(process.cwd(), 'data'),
    clock,
    ...(opts.archiveClosedAfterDays !== undefined ? { archiveClosedAfterDays: opts.archiveClosedAfterDays } : {}),
  });
}
