// Switchboard's public API: what a host platform imports. Calendar arithmetic, PostgreSQL,
// plugin authoring, routing, the SLA scheduler and test doubles are subpath exports
// (switchboard/calendar, /postgres, /plugins, /routing, /sla, /http, /testing: src/entry/).
export { createSwitchboard } from './switchboard/create-switchboard.ts';
export type {
  AttachOptions,
  FlatSwitchboardOptions,
  Switchboard,
  SwitchboardEvents,
  SwitchboardOptions,
} from './switchboard/create-switchboard.ts';
export { startServer, type RunningServer } from './switchboard/server.ts';
export { maskPayload, maskForRole } from './auth/mask-payload.ts';
export { piiRules, type PiiRules } from './auth/pii.ts';
export { createMemoryStore } from './store/memory.ts';
export { createLowdbStore } from './store/lowdb/index.ts';
export { definePlugin } from './plugins/define-plugin.ts';
export { SwitchboardError, isSwitchboardError, errorCodes, type ErrorCode } from './core/errors/index.ts';
export { loadPolicy, validatePolicy } from './config/load-policy.ts';
export { formatProblem, type LoadResult, type Problem, type Policy, type PolicyDoc } from './config/index.ts';
export { listPresets } from './runtime/presets.ts';
export { systemClock, createManualClock, type Clock, type ManualClock, type TimerHandle } from './core/util/clock.ts';
export { createLogger, type Logger } from './telemetry/logger.ts';
export type { EventMap, EventName, EventOf, SwitchboardEvent } from './core/tickets/events.ts';
export type { Store, TicketFilter, TicketPage } from './store/types.ts';
export type {
  Ticket,
  TicketInput,
  Reply,
  ReplyAttachment,
  DeliveryState,
  Customer,
  SlaTimer,
  TicketTask,
} from './core/model/ticket.ts';
export type { TicketService, ReplyInput } from './runtime/ticket-service.ts';
export type { TicketActions } from './runtime/ticket-actions.ts';
export type { NewTaskInput, TaskChangeInput } from './core/operations/task-actions.ts';
export type { TaskEntry, TaskIndex, TaskPage, TaskQuery } from './core/tasks/task-index.ts';
export type { RoutingService } from './runtime/routing-service.ts';
export type { SlaRunner } from './runtime/sla/sla-runner.ts';
export type { PluginDefinition, PluginHost, EmbeddedPlugin } from './plugins/index.ts';
export type { IdGenerator } from './core/util/ids.ts';
export type {
  RealtimeEvent,
  SubscribeRequest,
  SubscribeAck,
  ServerToClientEvents,
  ClientToServerEvents,
} from './realtime/types.ts';
