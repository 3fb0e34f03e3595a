import type { CallEventInput } from '../core/calls/call-event.ts';
import { actorOf } from '../auth/principal.ts';
import { type ApiRoute, unavailable } from './api-context.ts';
import { principalOf } from './guard.ts';

/** The webhook a phone system (PBX / CTI) posts call events to; see docs/hotline.md. */
export const callRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/calls/events',
    operationId: 'recordCallEvent',
    summary:
      'Record a call event (offered, answered, held, resumed, transferred, ended, abandoned, wrapup-ended) on the ticket of its call; idempotent by call id and event',
    tag: 'calls',
    permission: 'calls:write',
    body: 'CallEventInput',
    audited: true,
    ok: {
      status: 200,
      schema: 'CallEventResult',
      description: '`{ ticketId, ticketNumber, callId, event, at }`, the same for a repeated event',
    },
    handle: (req, res, ctx) =>
      unavailable(ctx.calls, req).record(req.body as CallEventInput, { actor: actorOf(principalOf(res)) }),
  },
];
