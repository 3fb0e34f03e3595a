import { join } from 'node:path';
import { createPolicyLoader } from '../config/load.ts';
import { createEventBus } from '../core/events/bus.ts';
import { streamEvents } from '../core/events/stream.ts';
import { systemClock } from '../core/util/clock.ts';
import { createIdGenerator } from '../core/util/ids.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createEdges } from './edges.ts';
import { checkAdminSecret } from '../auth/token-store.ts';
import { resolveLimits } from './limits.ts';
import { openRateWindows } from './subsystems/rate-windows.ts';
import { startTicks } from './subsystems/ticks.ts';
import { lateBound } from './late-bound.ts';
import { createLifecycle } from './lifecycle.ts';
import {
  nestFlatOptions,
  resolveOptions,
  type FlatSwitchboardOptions,
  type SwitchboardOptions,
} from './options/index.ts';
import type { BootContext } from './subsystems/boot-context.ts';
import { openSurveys } from './subsystems/csat.ts';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import { openViews } from './subsystems/views.ts';
import { openBoard } from './subsystems/board.ts';
import { createPlugins } from './subsystems/plugins.ts';
import { guardPolicy, openPolicy, watchPolicy } from './subsystems/policy.ts';
import { openQa } from './subsystems/qa.ts';
import { openReports } from './subsystems/reports.ts';
import { openSecurityFor } from './subsystems/security.ts';
import { startSla } from './subsystems/sla.ts';
import { openStore } from './subsystems/store.ts';
import { shareOpenTicketsDuringBoot } from './boot-open-tickets.ts';
import type { Store } from '../store/types.ts';
import type { TaskIndex } from '../core/tasks/task-index.ts';
import type { SlaRunner } from '../runtime/sla/sla-runner-types.ts';
import { openTickets } from './subsystems/tickets.ts';
import type { Switchboard } from './switchboard.ts';

export type { FlatSwitchboardOptions, SwitchboardOptions } from './options/index.ts';
export type { AttachOptions, Switchboard, SwitchboardEvents } from './switchboard.ts';
export { bundledPluginsDir, packageVersion } from './subsystems/plugins.ts';

/**
 * The composition root. Options are validated once and frozen; the subsystems start in order
 * (plugins and policy, store, tickets and routing, SLA, metrics and tasks, security, surveys, QA), each
 * registering what undoes it, so close() (or a failed start) undoes everything in reverse.
 */
export async function createSwitchboard(given: SwitchboardOptions | FlatSwitchboardOptions = {}): Promise<Switchboard> {
  const logger = given.logger ?? createLogger();
  const options = resolveOptions(nestFlatOptions(given, (m) => logger.warn(m)));
  const clock = options.clock ?? systemClock;
  const bus =
    options.bus ??
    createEventBus({
      clock,
      onListenerError: (err, event) => logger.error('event listener failed', { event: event.type, error: String(err) }),
    });
  const ctx: BootContext = {
    options,
    clock,
    logger,
    bus,
    ids: options.ids ?? createIdGenerator(() => clock.now().getTime()),
    loader: createPolicyLoader(),
    dataDir: options.dataDir ?? join(process.cwd(), 'data'),
    limits: resolveLimits(options.limits),
    life: createLifecycle((err) => logger.error('close step failed', { error: String(err) })),
  };
  try {
    return await start(ctx);
  } catch (err) {
    await ctx.life.close();
    throw err;
  }
}

async function start(ctx: BootContext): Promise<Switchboard> {
  const ticketsForPlugins = lateBound<TicketService>('tickets (for plugins)');
  // Plugins are set up before the policy is validated: its rules may use what they add.
  const surveysForPlugins = lateBound<SurveyService>('surveys (for plugins)');
  const plugins = createPlugins(ctx, ticketsForPlugins, surveysForPlugins);
  const holder = await openPolicy(ctx, plugins);
  const policy = holder.current;
  // a weak admin secret stops the start before anything is opened
  const sec = ctx.options.security;
  if (sec && sec.auth !== false)
    checkAdminSecret((sec.adminToken ?? (sec.env ?? process.env).SWITCHBOARD_ADMIN_TOKEN) || undefined);
  const opened = await openStore(ctx);
  const { joinMark } = opened;
  const boot = shareOpenTicketsDuringBoot(opened.store);
  const store = boot.store;
  ctx.life.onClose(() => plugins.close());
  const { service, actions, routing, triggers, api } = await openTickets(ctx, {
    store,
    policy,
    plugins,
    forPlugins: ticketsForPlugins,
  });
  await guardPolicy(ctx, holder, { store, service });
  const sla = await startSla(ctx, { store, tickets: service, policy });
  const { metrics, tasks } = await openViews(ctx, { store, policy });
  await armTasksAfterClose(tasks, store, sla);
  const board = await openBoard(ctx, { store, policy, metrics, routing });
  const windows = openRateWindows(ctx);
  const security = await openSecurityFor(ctx, { store, policy, authFailures: windows.authFailures });
  const surveys = openSurveys(ctx, { store, tickets: service, policy });
  surveysForPlugins.bind(surveys);
  await watchPolicy(ctx, holder);
  await plugins.ready(policy(), policy);
  const qa = await openQa(ctx, { store, policy });
  const reports = await openReports(ctx, { store, policy, metrics });
  startTicks(ctx, { routing, qa, reports });
  boot.release();
  const edges = createEdges(ctx, {
    actions,
    windows,
    store,
    joinMark,
    holder,
    service,
    routing,
    qa,
    reports,
    metrics,
    tasks,
    board,
    settled: triggers.settled,
    surveys,
    security,
    plugins,
  });
  const { bus } = ctx;
  return {
    tickets: api,
    routing,
    triggers,
    qa,
    reports,
    events: {
      get lastSeq() {
        return bus.lastSeq;
      },
      publish: bus.publish,
      subscribe: bus.subscribe,
      stream: (names) => streamEvents(bus, names),
    },
    store,
    loader: ctx.loader,
    sla,
    plugins,
    policy: { current: holder.current, reload: holder.reload, validate: holder.validate },
    security,
    limits: ctx.limits,
    metrics,
    tasks,
    surveys,
    surveyRouter: edges.surveyRouter,
    router: edges.router,
    rootRouter: edges.rootRouter,
    attach: edges.attach,
    close: () => ctx.life.close(),
  };
}

/**
 * The SLA runner re-arms the open tickets at start; a closed ticket whose task still comes due
 * after the close (`afterClose`, `from: closed`) is found in the task index instead.
 */
async function armTasksAfterClose(tasks: TaskIndex, store: Store, sla: SlaRunner): Promise<void> {
  const owing = tasks.list({ states: ['open'], limit: Infinity, visible: (e) => e.task.afterClose === true });
  for (const id of new Set(owing.items.map((e) => e.ticket.id))) {
    const ticket = await store.get(id);
    if (ticket) sla.arm(ticket);
  }
}
