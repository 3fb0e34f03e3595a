// Switchboard's public API: what a host platform imports. Everything else is internal.
export { createSwitchboard, type Switchboard, type SwitchboardOptions, type SwitchboardEvents } from './app/create-switchboard.ts';
export { startServer, type RunningServer } from './app/server.ts';
export { listPresets } from './app/presets.ts';
export { createPolicyLoader, formatProblem, type LoadResult, type PolicyLoader, type Problem, type Policy, type PolicyDoc } from './config/index.ts';
export { SwitchboardError, isSwitchboardError, errorCodes, type ErrorCode } from './errors/index.ts';
export type { EventMap, EventName, SwitchboardEvent } from './events/types.ts';
export type { Store, TicketFilter, TicketPage } from './store/types.ts';
export { createMemoryStore } from './store/memory.ts';
export { createLowdbStore } from './store/lowdb/index.ts';
export type { Ticket, TicketInput, Reply, Customer, SlaTimer } from './tickets/types.ts';
export type { TicketService, ReplyInput } from './app/ticket-service.ts';
export { systemClock, createManualClock, type Clock, type ManualClock } from './util/clock.ts';
export { createIdGenerator, createSequentialIds, type IdGenerator } from './util/ids.ts';
export { createLogger, silentLogger, type Logger } from './util/logger.ts';
export type { RoutingService } from './app/routing-service.ts';
export { reassign, type ReassignRequest, type ReassignResult } from './routing/reassign.ts';
export type { AgentStates, AgentLoad, PresenceStatus, StrategyName } from './routing/types.ts';
