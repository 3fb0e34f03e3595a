/**
 * The plugin host: resolves the plugins a policy names (and those passed in by an embedding
 * app), checks versions, dependencies and options, sets them up in dependency order with a time
 * limit, and then connects their hooks to the runtime. One manager per Switchboard instance.
 */
import { Router, type ErrorRequestHandler } from 'express';
import { errorHandler } from '../http/error-handler.ts';
import { satisfies } from 'semver';
import type { PolicyLoader } from '../config/load.ts';
import type { Policy } from '../core/policy/types.ts';
import type { Problem } from '../core/policy/problem.ts';
import { formatProblem, sortProblems } from '../core/policy/problem.ts';
import type { SourceMap } from '../config/source-map.ts';
import { SwitchboardError, isSwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { FiredEvent } from '../core/rules/types.ts';
import type { Ticket, TicketInput } from '../core/model/ticket.ts';
import type { Clock } from '../core/util/clock.ts';
import type { Logger } from '../telemetry/logger.ts';
import { createActionRunner, type ActionRunner } from './action-runner.ts';
import type { DeclaredPlugin } from './declared.ts';
import type { SourceText } from '../config/read-sources.ts';
import { reloadProblems } from './reload.ts';
import { createHookRunner, type HookRunner } from './hooks.ts';
import { createDeliveryRegistry, type DeliveryRegistry } from './deliveries.ts';
import { createPluginHost, type HostShared } from './host.ts';
import { createErrorReporter, PluginTimeout, withTimeout } from './isolate.ts';
import { createOptionsValidator } from './options.ts';
import { orderPlugins } from './order.ts';
import { resolvePlugin } from './resolve.ts';
import type { HookName, HookTickets, PluginDefinition } from './types.ts';

/** A plugin handed over in code, optionally with options (a policy entry of the same name wins). */
// biome-ignore lint/suspicious/noExplicitAny: any options type: setup's parameter is contravariant
type AnyPlugin = PluginDefinition<any>;
export type EmbeddedPlugin = AnyPlugin | { plugin: AnyPlugin; options?: Record<string, unknown> };

export interface PluginManagerOptions {
  loader: PolicyLoader;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  dataDir: string;
  version: string;
  /** The ticket operations, once the runtime has them (hooks and actions call them later). */
  tickets: () => RuntimeTickets | undefined;
  /** Survey links, once the runtime has them. */
  surveys?: () => { issue(ticketId: string): Promise<{ token: string; path: string; expiresAt: string }> } | undefined;
  pluginDirs: readonly string[];
  cwd?: string;
  hookTimeoutMs?: number;
  setupTimeoutMs?: number;
}

/** The ticket service as plugins reach it (acting as `plugin:<name>`). */
interface RuntimeTickets {
  get(id: string): Promise<Ticket>;
  create(input: TicketInput, opts?: { actor?: string; idempotencyKey?: string }): Promise<{ ticket: Ticket }>;
  reply(id: string, input: never, opts?: { actor?: string }): Promise<Ticket>;
  setStatus(id: string, status: string, opts?: never): Promise<Ticket>;
  recordDelivery(
    id: string,
    replyId: string,
    outcome: { state: 'sent' | 'failed'; via: string; error?: string },
    opts?: { actor?: string },
  ): Promise<Ticket>;
}

export interface LoadedPlugin {
  name: string;
  version: string;
  from: string;
  hooks: HookName[];
}

export interface PluginManager {
  /** Resolves, checks and sets up the plugins; throws SWB_PLUGIN_* on the first kind of problem. */
  setup(
    embedded: readonly EmbeddedPlugin[],
    declared: readonly DeclaredPlugin[],
    where?: { map: SourceMap },
  ): Promise<void>;
  loaded(): LoadedPlugin[];
  readonly hooks: HookRunner;
  readonly actions: ActionRunner;
  readonly holidaySources: ReadonlyMap<string, (year: number) => string[]>;
  /** Which plugin delivers public replies on which channel (`addDelivery`). */
  readonly deliveries: DeliveryRegistry;
  /** What the ticket service calls around create. */
  readonly ticketHooks: {
    beforeCreate(input: TicketInput): Promise<TicketInput>;
    afterCreate(ticket: Ticket, actions: readonly FiredEvent[]): void;
    /** Runs `action` events fired after intake (triggers), in the background like afterCreate's. */
    runActions(ticket: Ticket, actions: readonly FiredEvent[]): void;
  };
  /** Connects hooks to runtime events and runs onReady (`current`: the live policy, after reloads too). */
  ready(policy: Policy, current?: () => Policy): Promise<void>;
  /** Plugin routes, each under /plugins/<name>. */
  router(): Router;
  /**
   * For hot reload: plugins are set up once, at boot. A new policy text whose `plugins:` names
   * other plugins or other options cannot go live without a restart; this says so, located.
   */
  reloadProblems(sources: readonly SourceText[]): Problem[];
  /** Resolves once background hook and action work started so far has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function createPluginManager(opts: PluginManagerOptions): PluginManager {
  const report = createErrorReporter(opts.bus, opts.logger);
  const hookTimeoutMs = opts.hookTimeoutMs ?? 2000;
  const hooks = createHookRunner({ timeoutMs: hookTimeoutMs, report, warn: (m) => opts.logger.warn(m) });
  const notReady = (): never => {
    throw new Error('tickets are not available during setup; use them from hooks or actions');
  };
  const ticketsAs = (plugin: string): HookTickets => ({
    get: (id) => (opts.tickets() ?? notReady()).get(id),
    create: async (input, o) =>
      (
        await (opts.tickets() ?? notReady()).create(input, {
          actor: `plugin:${plugin}`,
          ...(o?.idempotencyKey !== undefined ? { idempotencyKey: o.idempotencyKey } : {}),
        })
      ).ticket,
    recordDelivery: (id, replyId, outcome) =>
      (opts.tickets() ?? notReady()).recordDelivery(
        id,
        replyId,
        { ...outcome, via: plugin },
        { actor: `plugin:${plugin}` },
      ),
    reply: (id, input) => (opts.tickets() ?? notReady()).reply(id, input as never, { actor: `plugin:${plugin}` }),
    issueSurvey: (id) => (opts.surveys?.() ?? notReady()).issue(id),
    setStatus: (id, status, o) =>
      (opts.tickets() ?? notReady()).setStatus(id, status, { ...o, actor: `plugin:${plugin}` } as never),
  });
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const shared: HostShared = {
    operators: opts.loader.operators,
    facts: opts.loader.facts,
    actions: opts.loader.actions,
    hooks,
    report,
    bus: opts.bus,
    logger: opts.logger,
    clock: opts.clock,
    dataDir: opts.dataDir,
    tickets: ticketsAs,
    options: createOptionsValidator(),
    holidaySources: opts.loader.holidaySources,
    deliveries: createDeliveryRegistry({ report, timeoutMs: hookTimeoutMs }),
    routers: new Map(),
    unsubscribe: [],
    track,
  };
  const actions = createActionRunner({
    registry: opts.loader.actions,
    report,
    timeoutMs: hookTimeoutMs,
    services: (owner) => ({ tickets: ticketsAs(owner), logger: opts.logger, clock: opts.clock }),
  });
  const loaded: { name: string; version: string; from: string }[] = [];
  /** What the policy declared at boot: name → canonical options. */
  const bootDeclared = new Map<string, string>();
  const offs: (() => void)[] = [];

  const setup: PluginManager['setup'] = async (embedded, declared, where) => {
    const given = new Map<string, { def: AnyPlugin; options?: Record<string, unknown> }>();
    for (const e of embedded) {
      const item = 'plugin' in e ? e : { plugin: e };
      if (given.has(item.plugin.name))
        throw new SwitchboardError('SWB_PLUGIN_INVALID', `plugin "${item.plugin.name}" is passed twice`, {
          plugin: item.plugin.name,
        });
      given.set(item.plugin.name, { def: item.plugin, ...(item.options ? { options: item.options } : {}) });
    }
    type Entry = { def: PluginDefinition; from: string; options: unknown; pointer?: string };
    const entries = new Map<string, Entry>();
    for (const d of declared) {
      if (entries.has(d.name))
        throw new SwitchboardError(
          'SWB_PLUGIN_INVALID',
          `plugin "${d.name}" is named twice in plugins:; name it once`,
          { plugin: d.name },
        );
      const hit = given.get(d.name);
      const r = hit
        ? { def: hit.def, from: '(embedded)' }
        : await resolvePlugin(d.name, { dirs: opts.pluginDirs, cwd: opts.cwd ?? process.cwd() });
      entries.set(d.name, { ...r, options: d.options, pointer: d.pointer });
      bootDeclared.set(d.name, JSON.stringify(d.options ?? {}));
    }
    for (const [name, g] of given)
      if (!entries.has(name)) entries.set(name, { def: g.def, from: '(embedded)', options: g.options ?? {} });

    for (const e of entries.values()) {
      if (!satisfies(opts.version, e.def.switchboard, { includePrerelease: true })) {
        throw new SwitchboardError(
          'SWB_PLUGIN_VERSION',
          `plugin "${e.def.name}" ${e.def.version} supports Switchboard ${e.def.switchboard}, not ${opts.version}; use a version of the plugin made for ${opts.version}`,
          { plugin: e.def.name, range: e.def.switchboard, version: opts.version },
        );
      }
    }
    const ordered = orderPlugins(
      [...entries.values()].map((e) => ({ ...e, name: e.def.name, dependencies: e.def.dependencies ?? [] })),
    );

    const problems: Problem[] = [];
    const options = new Map<string, Record<string, unknown>>();
    for (const e of ordered) {
      const r = shared.options.validate(e.def.name, e.def.optionsSchema, e.options, {
        ...(e.pointer ? { pointer: e.pointer } : {}),
        ...(where?.map ? { map: where.map } : {}),
      });
      if (r.ok) options.set(e.def.name, r.options);
      else problems.push(...r.problems);
    }
    if (problems.length) {
      throw new SwitchboardError(
        'SWB_PLUGIN_OPTIONS',
        `plugin options are invalid:\n${sortProblems(problems).map(formatProblem).join('\n')}`,
        { problems: sortProblems(problems) },
      );
    }

    const setupTimeoutMs = opts.setupTimeoutMs ?? 5000;
    for (const e of ordered) {
      const host = createPluginHost(e.def.name, shared);
      try {
        await withTimeout(
          () => e.def.setup(host, options.get(e.def.name) ?? {}),
          setupTimeoutMs,
          `setup of plugin "${e.def.name}"`,
        );
      } catch (err) {
        if (err instanceof PluginTimeout)
          throw new SwitchboardError('SWB_PLUGIN_SETUP_TIMEOUT', `${err.message}; move slow work to the onReady hook`, {
            plugin: e.def.name,
          });
        if (isSwitchboardError(err)) throw err;
        throw new SwitchboardError(
          'SWB_PLUGIN_SETUP',
          `setup of plugin "${e.def.name}" failed: ${(err as Error)?.message ?? String(err)}`,
          { plugin: e.def.name },
        );
      }
      loaded.push({ name: e.def.name, version: e.def.version, from: e.from });
    }
  };

  const settled = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };

  return {
    setup,
    hooks,
    actions,
    holidaySources: shared.holidaySources,
    deliveries: shared.deliveries,
    loaded: () => loaded.map((p) => ({ ...p, hooks: hooks.registered(p.name) })),
    ticketHooks: {
      beforeCreate: (input) => hooks.beforeCreate(input),
      afterCreate(ticket, fired) {
        track(actions.runFired(fired, ticket));
        track(hooks.notify('afterCreate', { ticket }, ticket.id));
      },
      runActions(ticket, fired) {
        track(actions.runFired(fired, ticket));
      },
    },
    async ready(policy, current = () => policy) {
      // The deprecated notification hooks, fed from the events they repeat.
      const bus = opts.bus;
      offs.push(
        bus.subscribe('ticket.updated', (e) => {
          if (!e.changes.status) return;
          const [from, to] = e.changes.status as [string, string];
          track(hooks.notify('onStatusChange', { ticket: e.ticket, from, to }, e.ticket.id));
        }),
        bus.subscribe('sla.warning', (e) => track(hooks.notify('onSlaWarning', e, e.ticket.id))),
        bus.subscribe('sla.breached', (e) => track(hooks.notify('onSlaBreached', e, e.ticket.id))),
        bus.subscribe('config.applied', (e) => track(hooks.notify('onConfigApplied', e))),
      );
      await hooks.notify('onReady', { policy, current });
    },
    router() {
      const r = Router();
      for (const [name, pr] of shared.routers) {
        // A failing plugin route answers like the API does and is reported as plugin.error.
        const onError: ErrorRequestHandler = (err, req, res, next) => {
          report(name, `route ${req.method} ${req.path}`, err);
          errorHandler(opts.logger)(err, req, res, next);
        };
        r.use(`/plugins/${name}`, pr, onError);
      }
      return r;
    },
    reloadProblems: (sources) => reloadProblems(bootDeclared, sources),
    settled,
    async close() {
      for (const off of [...offs, ...shared.unsubscribe]) off();
      await settled();
      await hooks.notify('onClose', {});
    },
  };
}
