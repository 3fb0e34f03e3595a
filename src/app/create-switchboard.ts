import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import type { Server } from 'socket.io';
import { createApiRouter } from '../api/routes.ts';
import { formatProblem, type Problem } from '../config/problem.ts';
import { createPolicyLoader, type PolicyLoader } from '../config/load.ts';
import { readPolicySources, type SourceText } from '../config/read-sources.ts';
import type { Policy } from '../config/types.ts';
import { SwitchboardError } from '../errors/index.ts';
import { createEventBus, type EventBus } from '../events/bus.ts';
import { streamEvents } from '../events/stream.ts';
import type { EventName, SwitchboardEvent } from '../events/types.ts';
import { attachRealtime } from '../realtime/attach.ts';
import { createPluginManager, loadPolicyWithPlugins, type EmbeddedPlugin, type PluginManager } from '../plugins/index.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import type { Store } from '../store/types.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { createIdGenerator, type IdGenerator } from '../util/ids.ts';
import { createLogger, type Logger } from '../util/logger.ts';
import { defaultPreset, presetPath } from './presets.ts';
import { createTicketService, type TicketService } from './ticket-service.ts';
import { openSecurity, type Security, type SecurityOptions } from './security.ts';
import { createPolicyHolder, type PolicyCheck } from './policy-holder.ts';
import { withFaq } from '../faq/faq-service.ts';
import { createQaService, type QaService } from '../qa/qa-service.ts';

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
  /** Tokens, audit and rate limits (src/app/security.ts); `auth: false` turns auth off. */
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
  readonly tickets: TicketService;
  /** Quality review: sampling, queue, reviews, agent error rates (src/qa). */
  readonly qa: QaService;
  readonly events: SwitchboardEvents;
  readonly store: Store;
  readonly policy: {
    /** The live policy; read it once per operation. */
    current(): Policy;
    /** Loads the policy path again; applies it only when valid (publishes config.applied / config.rejected). */
    reload(): Promise<PolicyCheck>;
    /** Checks candidate policy texts without applying them. */
    validate(sources: SourceText[]): PolicyCheck;
  };
  readonly loader: PolicyLoader;
  /** Tokens, audit log, metrics registry (src/app/security.ts). */
  readonly security: Security;
  readonly plugins: Pick<PluginManager, 'loaded' | 'settled' | 'actions' | 'holidaySources' | 'reloadProblems'>;
  /** The REST API as an Express router (mount it under any path). */
  router(): Router;
  /** Publishes live events on a socket.io server under a namespace (default "/switchboard"). */
  attach(io: Server, opts?: { namespace?: string }): void;
  close(): Promise<void>;
}

export const packageVersion = '0.1.0';

/** First-party plugins shipped beside src/ (and dist/). */
export const bundledPluginsDir = fileURLToPath(new URL('../../plugins/', import.meta.url));

/** The composition root: policy, store, clock, bus, ticket service, API and realtime. */
export async function createSwitchboard(opts: SwitchboardOptions = {}): Promise<Switchboard> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger();
  const loader = createPolicyLoader();
  const dataDir = opts.dataDir ?? join(process.cwd(), 'data');
  const bus = createEventBus({
    clock,
    onListenerError: (err, event) => logger.error('event listener failed', { event: event.type, error: String(err) }),
  });
  let tickets: TicketService | undefined;
  const plugins = createPluginManager({
    loader, bus, logger, clock, dataDir, version: packageVersion,
    tickets: () => tickets,
    pluginDirs: opts.pluginDirs ?? [join(process.cwd(), 'plugins'), bundledPluginsDir],
    ...(opts.pluginHookTimeoutMs !== undefined ? { hookTimeoutMs: opts.pluginHookTimeoutMs } : {}),
    ...(opts.pluginSetupTimeoutMs !== undefined ? { setupTimeoutMs: opts.pluginSetupTimeoutMs } : {}),
  });
  // Plugins are set up before the policy is validated: its rules may use what they add.
  const path = opts.sources ? undefined : (opts.config ?? presetPath(opts.preset ?? defaultPreset));
  const sources = opts.sources ?? (await readPolicySources(path as string));
  const result = await loadPolicyWithPlugins(sources, { loader, plugins, embedded: opts.plugins ?? [], ...(path !== undefined ? { path } : {}) });
  if (!result.ok) throw invalidPolicy(result.problems);
  for (const p of result.problems) logger.warn(formatProblem(p));
  const holder = createPolicyHolder({
    loader, initial: result, ...(path !== undefined ? { path } : {}), bus, logger,
    // Plugins are set up once: a reload that changes them is rejected until a restart.
    check: (files) => plugins.reloadProblems(files),
  });
  const policy = holder.current;

  const store = opts.store ?? createLowdbStore({ dir: dataDir, clock });
  await store.open();
  // FAQ auto-answers wrap the service: intake, routing and SLAs stay as they are.
  tickets = withFaq(createTicketService({ store, clock, ids: opts.ids ?? createIdGenerator(() => clock.now().getTime()), bus, policy, hooks: plugins.ticketHooks }), { store, clock, policy });
  const qa = createQaService({ store, clock, bus, policy });
  if (opts.watch) await holder.watch(typeof opts.watch === 'object' ? opts.watch : {});
  await tickets.start();
  const service = tickets;
  const startedAt = clock.now();
  // Tokens and audit live next to the tickets; with an embedder's store and no dataDir, in memory.
  const security = await openSecurity({ ...opts.security, dataDir: opts.dataDir ?? (opts.store ? undefined : join(process.cwd(), 'data')), clock, ids: opts.ids ?? createIdGenerator(() => clock.now().getTime()), logger, store, bus, policy });
  const detachers: (() => void)[] = [];

  await plugins.ready(policy());

  // The daily QA step: samples each completed day (by the injected clock) once.
  const qaTick = () => qa.tick().catch((err: unknown) => logger.error('QA sampling failed', { error: String(err) }));
  const qaEvery = opts.qaTickMs ?? 600_000;
  if (qaEvery > 0) await qaTick();
  const qaTimer = qaEvery > 0 ? setInterval(() => void qaTick(), qaEvery) : undefined;
  qaTimer?.unref();

  return {
    tickets: service,
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
    plugins,
    policy: { current: holder.current, reload: holder.reload, validate: holder.validate },
    security,
    router() {
      // Plugin routes sit inside the API router, behind its auth guard (admin-only unless the
      // route table lists them), before its 404.
      return createApiRouter({ tickets: security.instrument(service), policy, policyAdmin: holder, store, logger, startedAt, version: packageVersion, security: security.api, loader, extraRoutes: plugins.router(), qa });
    },
    attach(io, o = {}) {
      detachers.push(attachRealtime(io, bus, { namespace: o.namespace ?? '/switchboard', ...security.realtime }).detach);
    },
    async close() {
      if (qaTimer) clearInterval(qaTimer);
      holder.close();
      for (const d of detachers) d();
      await plugins.close();
      await security.close();
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
