// Switchboard's public API: what a host platform imports. Everything else is internal.
export {
  createSwitchboard,
  type Switchboard,
  type SwitchboardOptions,
  type SwitchboardEvents,
} from './switchboard/create-switchboard.ts';
export { startServer, type RunningServer } from './switchboard/server.ts';
export { createExpressServer } from './http/express-server.ts';
export { listPresets } from './runtime/presets.ts';
export {
  createPolicyLoader,
  formatProblem,
  type LoadResult,
  type PolicyLoader,
  type Problem,
  type Policy,
  type PolicyDoc,
} from './config/index.ts';
export { SwitchboardError, isSwitchboardError, errorCodes, type ErrorCode } from './core/errors/index.ts';
export { maskPayload, maskForRole } from './auth/mask-payload.ts';
export { piiRules, type PiiRules } from './auth/pii.ts';
export type { EventMap, EventName, SwitchboardEvent } from './core/tickets/events.ts';
export type { Store, TicketFilter, TicketPage } from './store/types.ts';
export { createMemoryStore } from './store/memory.ts';
export { createLowdbStore } from './store/lowdb/index.ts';
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres/index.ts';
export type { Ticket, TicketInput, Reply, Customer, SlaTimer } from './core/model/ticket.ts';
export type { TicketService, ReplyInput } from './runtime/ticket-service.ts';
export type { TicketActions } from './runtime/ticket-actions.ts';
export { systemClock, createManualClock, type Clock, type ManualClock } from './core/util/clock.ts';
export { createIdGenerator, createSequentialIds, type IdGenerator } from './core/util/ids.ts';
export { createLogger, silentLogger, type Logger } from './telemetry/logger.ts';
export type { RoutingService } from './runtime/routing-service.ts';
export { reassign, type ReassignRequest, type ReassignResult } from './core/routing/reassign.ts';
export type { AgentStates, AgentLoad, PresenceStatus, StrategyName } from './core/policy/routing-types.ts';
export { definePlugin, hookNames } from './plugins/index.ts';
export type {
  PluginDefinition,
  PluginHost,
  FactSpec,
  OperatorSpec,
  ActionSpec,
  HookName,
  HookPayloads,
  CreateAnnotation,
  JSONSchema,
  EmbeddedPlugin,
  LoadedPlugin,
} from './plugins/index.ts';
export type { ActionDef, ActionRegistry, ActionContext, ActionTrigger } from './core/rules/actions.ts';
export {
  createCalendar,
  alwaysOpenCalendar,
  addBusinessDays,
  subtractBusinessDays,
  checkCalendarDef,
  type BusinessCalendar,
  type CalendarDef,
} from './core/sla/calendar/index.ts';
export { createDeadlineScheduler, type DeadlineScheduler } from './core/sla/scheduler.ts';
export { manualTimers, realTimers, type SlaRunner, type TimerHost } from './runtime/sla/sla-runner.ts';
export type { TicketTask } from './core/model/ticket.ts';
export type { TimerKind, SlaAction } from './core/policy/types.ts';
