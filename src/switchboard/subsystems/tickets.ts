import type { Policy } from '../../core/policy/types.ts';
import type { PluginManager } from '../../plugins/index.ts';
import { withFaq } from '../../runtime/faq-service.ts';
import { createKeyedQueue } from '../../runtime/keyed-queue.ts';
import { createRoutingService, type RoutingService } from '../../runtime/routing-service.ts';
import { createTicketActions, type TicketActions } from '../../runtime/ticket-actions.ts';
import { createTicketService, type TicketService } from '../../runtime/ticket-service.ts';
import { createTriggerRunner, type TriggerRunner } from '../../runtime/trigger-runner.ts';
import type { Store } from '../../store/types.ts';
import { lateBound, type LateBound } from '../late-bound.ts';
import type { BootContext } from './boot-context.ts';

export interface TicketParts {
  /** The ticket service with FAQ auto-answers around it. */
  service: TicketService;
  actions: TicketActions;
  routing: RoutingService;
  /** The policy's triggers, run after every stored change. */
  triggers: TriggerRunner;
  /** What `sb.tickets` is: the service's use cases and the agent actions. */
  api: TicketService & TicketActions;
}

/**
 * Tickets and routing, started: one per-ticket queue for every writer (a reply and an assignment
 * never race); routing applies its moves through the ticket service, which places new tickets
 * with routing. Binds `forPlugins` so plugin hooks and actions can reach the tickets.
 */
export async function openTickets(
  ctx: BootContext,
  deps: { store: Store; policy: () => Policy; plugins: PluginManager; forPlugins: LateBound<TicketService> },
): Promise<TicketParts> {
  const { store, policy } = deps;
  const { clock, bus, ids, logger } = ctx;
  const queue = createKeyedQueue();
  const writes: LateBound<TicketService['apply']> = lateBound('the ticket service');
  const routing = createRoutingService({ store, clock, bus, logger, policy, apply: (id, op) => writes.get()(id, op) });
  ctx.life.onClose(routing.close);
  // FAQ auto-answers wrap the service: intake, routing and SLAs stay as they are.
  const service = withFaq(
    createTicketService({
      store,
      clock,
      ids,
      bus,
      policy,
      hooks: deps.plugins.ticketHooks,
      queue,
      routing: routing.intake,
      onBackgroundError: (what, err) => logger.warn(`${what} failed`, { error: String(err) }),
      limits: ctx.limits.ticket,
      deliveries: deps.plugins.deliveries,
    }),
    { store, clock, policy, ids },
  );
  writes.bind(service.apply);
  deps.forPlugins.bind(service);
  const actions = createTicketActions({
    apply: service.apply,
    store,
    clock,
    bus,
    policy,
    ids,
    queue,
    limits: ctx.limits.ticket,
  });
  const triggers = createTriggerRunner({
    bus,
    apply: service.apply,
    logger,
    policy,
    clock,
    runActions: (ticket, fired) => deps.plugins.ticketHooks.runActions(ticket, fired),
  });
  ctx.life.onClose(triggers.close);
  await service.start();
  await routing.start();
  return { service, actions, routing, triggers, api: ticketApi(service, actions) };
}

function ticketApi(s: TicketService, a: TicketActions): TicketService & TicketActions {
  return {
    create: s.create,
    get: s.get,
    list: s.list,
    reply: s.reply,
    setStatus: s.setStatus,
    rate: s.rate,
    recordDelivery: s.recordDelivery,
    apply: s.apply,
    update: s.update,
    advance: s.advance,
    start: s.start,
    assign: a.assign,
    escalate: a.escalate,
    addTags: a.addTags,
    removeTags: a.removeTags,
    merge: a.merge,
    addTask: a.addTask,
    changeTask: a.changeTask,
  };
}
