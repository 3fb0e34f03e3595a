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
import { attachRealtime } from '../realtime/attach.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import type { Store } from '../store/types.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { createIdGenerator, type IdGenerator } from '../util/ids.ts';
import { createLogger, type Logger } from '../util/logger.ts';
import { defaultPreset, presetPath } from './presets.ts';
import { createTicketService, type TicketService } from './ticket-service.ts';
import { createPolicyHolder, type PolicyCheck } from './policy-holder.ts';

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
  /** Hot reload: watch the policy directory (and what it extends) and apply valid changes. */
  watch?: boolean | { debounceMs?: number };
}

export interface Switchboard {
  readonly tickets: TicketService;
  readonly events: EventBus;
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
  const path = opts.sources ? undefined : (opts.config ?? presetPath(opts.preset ?? defaultPreset));
  const result = path === undefined ? loader.fromTexts(opts.sources ?? []) : await loader.fromPath(path);
  if (!result.ok) throw invalidPolicy(result.problems);
  for (const p of result.problems) logger.warn(formatProblem(p));

  const bus = createEventBus({
    clock,
    onListenerError: (err, event) => logger.error('event listener failed', { event: event.type, error: String(err) }),
  });
  const holder = createPolicyHolder({ loader, initial: result, ...(path !== undefined ? { path } : {}), bus, logger });
  const policy = holder.current;
  const store = opts.store ?? createLowdbStore({ dir: opts.dataDir ?? join(process.cwd(), 'data'), clock });
  await store.open();
  const tickets = createTicketService({ store, clock, ids: opts.ids ?? createIdGenerator(() => clock.now().getTime()), bus, policy });
  if (opts.watch) await holder.watch(typeof opts.watch === 'object' ? opts.watch : {});
  await tickets.start();
  const startedAt = clock.now();
  const detachers: (() => void)[] = [];

  return {
    tickets,
    events: bus,
    store,
    loader,
    policy: { current: holder.current, reload: holder.reload, validate: holder.validate },
    router: () => createApiRouter({ tickets, policy, policyAdmin: holder, store, logger, startedAt, version: packageVersion }),
    attach(io, o = {}) {
      detachers.push(attachRealtime(io, bus, { namespace: o.namespace ?? '/switchboard' }).detach);
    },
    async close() {
      holder.close();
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
