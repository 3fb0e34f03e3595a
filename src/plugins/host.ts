/**
 * The host API one plugin sees. Everything it registers is wrapped so the plugin's failures stay
 * its own: a throwing fact is undefined, a throwing operator false, both reported.
 */
import { join } from 'node:path';
import { Router, json } from 'express';
import { SwitchboardError } from '../core/errors/index.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { SwitchboardEvent } from '../core/tickets/events.ts';
import type { ActionRegistry } from '../core/rules/actions.ts';
import type { FactRegistry, RuleStage } from '../core/rules/facts.ts';
import type { OperatorRegistry } from '../core/rules/operators.ts';
import type { Clock } from '../core/util/clock.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { HookRunner } from './hooks.ts';
import type { ReportError } from './isolate.ts';
import type { OptionsValidator } from './options.ts';
import type { DeliveryRegistry } from './deliveries.ts';
import type { HookTickets, HttpMethod, PluginHost } from './types.ts';

export interface HostShared {
  operators: OperatorRegistry;
  facts: FactRegistry;
  actions: ActionRegistry;
  hooks: HookRunner;
  report: ReportError;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  dataDir: string;
  /** Ticket operations acting as the plugin (history records `plugin:<name>`). */
  tickets: (plugin: string) => HookTickets;
  options: OptionsValidator;
  holidaySources: Map<string, (year: number) => string[]>;
  deliveries: DeliveryRegistry;
  routers: Map<string, Router>;
  /** Unsubscribers of plugins' event listeners, run on close. */
  unsubscribe: (() => void)[];
  /** Background work (async listeners): `settled()` and close wait for it. */
  track: (work: Promise<unknown>) => void;
}

const allStages: readonly RuleStage[] = ['classification', 'priority', 'sla', 'routing', 'automation'];
const methods: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export function createPluginHost(plugin: string, shared: HostShared): PluginHost {
  const invalid = (message: string) =>
    new SwitchboardError('SWB_PLUGIN_INVALID', `plugin "${plugin}": ${message}`, { plugin });
  const guard = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      throw err instanceof SwitchboardError ? err : invalid(`${what}: ${(err as Error).message}`);
    }
  };
  let router: Router | undefined;
  const getRouter = () => {
    if (!router) {
      router = Router();
      router.use(json({ limit: '1mb' }));
      shared.routers.set(plugin, router);
    }
    return router;
  };

  return {
    name: plugin,
    logger: prefixed(shared.logger, plugin),
    clock: shared.clock,
    dataDir: join(shared.dataDir, 'plugins', plugin),
    tickets: shared.tickets(plugin),
    events: {
      subscribe(name, listener) {
        const failed = (event: SwitchboardEvent, err: unknown) => {
          // Reporting a failure on plugin.error itself would loop; log it only.
          if (event.type === 'plugin.error')
            shared.logger.error(`plugin "${plugin}" listener failed on plugin.error`, { error: String(err) });
          else shared.report(plugin, `listener ${event.type}`, err, ticketIdOf(event));
        };
        const off = shared.bus.subscribe(name, (e) => {
          const event = e as SwitchboardEvent;
          try {
            const work = listener(e);
            if (work && typeof work.then === 'function')
              shared.track(Promise.resolve(work).catch((err: unknown) => failed(event, err)));
          } catch (err) {
            failed(event, err);
          }
        });
        shared.unsubscribe.push(off);
        return off;
      },
    },
    addFact(spec) {
      if (typeof spec?.compute !== 'function') throw invalid(`fact "${String(spec?.name)}" needs compute(input, ctx)`);
      guard(`fact "${spec.name}"`, () =>
        shared.facts.add({
          name: spec.name,
          description: spec.description,
          availableIn: spec.availableIn ?? allStages,
          compute: (input, ctx) => {
            try {
              return spec.compute(input, ctx);
            } catch (err) {
              shared.report(plugin, `fact ${spec.name}`, err);
              return undefined;
            }
          },
        }),
      );
    },
    addOperator(spec) {
      if (typeof spec?.evaluate !== 'function')
        throw invalid(`operator "${String(spec?.name)}" needs evaluate(factValue, value)`);
      const safe =
        <A extends unknown[]>(what: string, fn: (...a: A) => boolean) =>
        (...a: A) => {
          try {
            return fn(...a) === true;
          } catch (err) {
            shared.report(plugin, `operator ${spec.name} (${what})`, err);
            return false;
          }
        };
      guard(`operator "${spec.name}"`, () =>
        shared.operators.add({
          name: spec.name,
          description: spec.description,
          evaluate: safe('evaluate', spec.evaluate),
          ...(spec.accepts ? { accepts: safe('accepts', spec.accepts) } : {}),
          ...(spec.checkValue ? { checkValue: spec.checkValue } : {}),
        }),
      );
    },
    addAction(spec) {
      if (typeof spec?.run !== 'function' || typeof spec.name !== 'string')
        throw invalid('an action needs a name and run(ctx, params)');
      const name = spec.name.startsWith(`${plugin}.`) ? spec.name : `${plugin}.${spec.name}`;
      const checkParams = spec.optionsSchema ? shared.options.checker(spec.optionsSchema) : undefined;
      guard(`action "${name}"`, () =>
        shared.actions.add({
          name,
          owner: plugin,
          ...(spec.description ? { description: spec.description } : {}),
          ...(checkParams ? { checkParams } : {}),
          run: (ctx, params) => spec.run(ctx as Parameters<typeof spec.run>[0], params as never),
        }),
      );
    },
    addHolidaySource(name, dates) {
      if (typeof dates !== 'function') throw invalid(`holiday source "${name}" needs a function (year) => dates`);
      if (shared.holidaySources.has(name)) throw invalid(`holiday source "${name}" is already defined`);
      shared.holidaySources.set(name, (year) => {
        try {
          return dates(year);
        } catch (err) {
          shared.report(plugin, `holiday source ${name}`, err);
          return [];
        }
      });
    },
    addDelivery(spec) {
      shared.deliveries.add(plugin, spec);
    },
    on(hook, fn) {
      shared.hooks.add(plugin, hook, fn);
    },
    route(method, path, handler) {
      if (!methods.includes(method)) throw invalid(`route method must be one of ${methods.join(', ')}`);
      getRouter()[method](path, handler);
    },
    router: getRouter,
  };
}

const ticketIdOf = (event: SwitchboardEvent): string | undefined => ('ticket' in event ? event.ticket.id : undefined);

function prefixed(logger: Logger, plugin: string): Logger {
  const tag = (msg: string) => `[plugin ${plugin}] ${msg}`;
  return {
    info: (m, d) => logger.info(tag(m), d),
    warn: (m, d) => logger.warn(tag(m), d),
    error: (m, d) => logger.error(tag(m), d),
  };
}
