import type { TriggerRunner } from '../runtime/trigger-runner.ts';
import type { Limits } from './limits.ts';
import type { Router } from 'express';
import type { Server } from 'socket.io';
import type { PolicyLoader } from '../config/load.ts';
import type { SourceText } from '../config/read-sources.ts';
import type { EventBus } from '../core/events/bus.ts';
import type { MetricsIndex } from '../core/metrics/index.ts';
import type { TaskIndex } from '../core/tasks/task-index.ts';
import type { Policy } from '../core/policy/types.ts';
import type { EventName, SwitchboardEvent } from '../core/tickets/events.ts';
import type { PluginManager } from '../plugins/index.ts';
import type { SurveyService } from '../runtime/csat/survey-service.ts';
import type { PolicyCheck } from '../runtime/policy-holder.ts';
import type { QaService } from '../runtime/qa/qa-service.ts';
import type { ReportService } from '../runtime/reports/report-scheduler.ts';
import type { RoutingService } from '../runtime/routing-service.ts';
import type { SlaRunner } from '../runtime/sla/sla-runner.ts';
import type { TicketActions } from '../runtime/ticket-actions.ts';
import type { ApiRoute } from '../http/api-context.ts';
import type { TicketService } from '../runtime/ticket-service.ts';
import type { Store } from '../store/types.ts';
import type { Security } from './security.ts';

export interface SwitchboardEvents extends EventBus {
  /** The events as an async iterator; breaking out of `for await` unsubscribes. */
  stream<K extends EventName>(names?: readonly K[]): AsyncIterableIterator<SwitchboardEvent<K>>;
}

export interface AttachOptions {
  /** The socket.io namespace (default "/switchboard"). */
  namespace?: string;
  /**
   * `io` has an adapter shared by several processes: events are forwarded to the others (only
   * while there are others), and theirs feed this process's sockets, routing and metrics.
   */
  cluster?: boolean;
}

/** One running Switchboard: what createSwitchboard resolves with. */
export interface Switchboard {
  /** create, get, list, reply, setStatus, rate; assign, escalate, merge, addTags, removeTags; addTask, changeTask. */
  readonly tickets: TicketService & TicketActions;
  /** Presence, loads, queues, re-queue and drain; `tick()` runs time-based steps (the server calls it every 15 s). */
  readonly routing: RoutingService;
  /** The policy's triggers (run after every stored change); `idle()` waits for their work. */
  readonly triggers: Pick<TriggerRunner, 'idle'>;
  /** Quality review: sampling, queue, reviews, agent error rates. */
  readonly qa: QaService;
  /** Scheduled reports (policy `reports:`): the kept reports, and `tick()` to run what is owed now. */
  readonly reports: ReportService;
  /** Every event, one shape: `{ type, seq, at, ticket?, ...fields }`. */
  readonly events: SwitchboardEvents;
  readonly store: Store;
  readonly policy: {
    /** The live policy; read it once per operation. */
    current(): Policy;
    /** Loads the policy path again; applies it only when valid (publishes config.applied / config.rejected). */
    reload(): Promise<PolicyCheck>;
    /** Checks candidate policy texts without applying them. */
    /** Checks candidate policy texts without applying them (off the main thread, `extends` confined). */
    validate(sources: SourceText[]): Promise<PolicyCheck>;
  };
  readonly loader: PolicyLoader;
  /** Metrics aggregates, kept current from the event bus (GET /api/metrics reads them). */
  readonly metrics: MetricsIndex;
  /** Every ticket's tasks, kept current from the event bus: to-do lists across tickets (GET /api/tasks). */
  readonly tasks: Pick<TaskIndex, 'list' | 'size'>;
  /** Satisfaction surveys: links, answers, call-back tasks. */
  readonly surveys: SurveyService;
  /** The public survey pages (`GET/POST /:token`): mount at /survey, outside any login. */
  surveyRouter(): Router;
  /** The SLA scheduler: deadlines, escalations, automations and follow-up tasks. */
  readonly sla: SlaRunner;
  /** Tokens, audit log, metrics registry. */
  readonly security: Security;
  /** The bounds in force (options over defaults), frozen. */
  readonly limits: Limits;
  readonly plugins: Pick<PluginManager, 'loaded' | 'settled' | 'actions' | 'holidaySources' | 'reloadProblems'>;
  /** The REST API as an Express router (mount it under any path); `routes` replaces the declared list. */
  router(routes?: readonly ApiRoute[]): Router;
  /** The routes outside the API (GET /metrics): mount at the root, beside `router()` under /api. */
  rootRouter(): Router;
  /** Publishes live events on a socket.io server under a namespace; close() detaches. */
  attach(io: Server, opts?: AttachOptions): void;
  /** Undoes everything the instance set up (timers, subscriptions, sockets, plugins), then closes the store. */
  close(): Promise<void>;
}
