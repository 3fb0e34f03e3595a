// Routing: who gets a ticket. Compiles agents (skills with levels, capacity per channel kind,
// shift calendar, absences) and groups (required skills, strategy, overflow, skills timeout);
// decides assignments as pure functions of (policy, ticket, presence, loads, pointers, now)
// with a trace line per filter decision; keeps the queue and load projections. No I/O: the
// shell (src/runtime/routing-service.ts) owns presence, persistence, timers and writes.
export { reassign, type ReassignRequest, type ReassignResult } from './reassign.ts';
export { placeTicket, type Placement, type TicketSlots } from './place-ticket.ts';
export { compileRouting, overflowChain } from './compile-routing.ts';
export { createLoadBook, type LoadBook } from './load-book.ts';
export { createTicketQueue, type TicketQueue } from './ticket-queue.ts';
export * from '../policy/routing-types.ts';
