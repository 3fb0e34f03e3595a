// switchboard/routing: the pure reassignment step and the routing model's types.
export { reassign, type ReassignRequest, type ReassignResult } from '../core/routing/reassign.ts';
export type { AgentStates, AgentLoad, PresenceStatus, StrategyName } from '../core/policy/routing-types.ts';
export type { RoutingService, PresenceChange } from '../runtime/routing-service.ts';
export type { AgentView, QueueView } from '../runtime/routing-views.ts';
