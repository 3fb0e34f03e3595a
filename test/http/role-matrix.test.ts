import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows, roleNames, type Role } from '../../src/auth/roles.ts';
import { allRoutes } from '../../src/http/api-routes.ts';
import type { RouteSpec, SchemaName } from '../../src/http/route.ts';
import { api, startTestServer, tempDir } from '../helpers/server.ts';

/** A valid body per schema, so only authorisation decides the outcome. */
const bodies: Partial<Record<SchemaName, (into: string) => unknown>> = {
  TicketInput: () => ({ channel: 'chat', subject: 'page error: blank page', customer: { id: 'C1' } }),
  ReplyInput: () => ({ body: 'on it', internal: true }),
  StatusInput: () => ({ status: 'pending-customer' }),
  CsatInput: () => ({ score: 5 }),
  AssignInput: () => ({ assignee: 'li' }),
  EscalateInput: () => ({ reason: 'customer called twice' }),
  MergeInput: (into) => ({ into }),
  TagsInput: () => ({ tags: ['x'] }),
  TaskInput: () => ({ name: 'Call back', due: '1h' }),
  TaskChange: () => ({ state: 'done' }),
  TokenInput: () => ({ name: 'made-in-matrix', role: 'viewer' }),
};

/**
 * Every declared route × every role × no token × a wrong token, generated from the route list:
 * a route added to the list is covered without touching this test.
 */
describe('role × route matrix (from the declared routes)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  const tokens = {} as Record<Role, string>;
  const ticket = async (subject = 'page error: blank page') =>
    (await api(server.url, 'POST', '/api/tickets', { channel: 'chat', subject, customer: { id: 'C1' } })).body as {
      id: string;
      group: string;
    };

  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    server = await startTestServer({ dataDir: t.dir });
    for (const role of roleNames) {
      const body = role === 'agent' ? { name: 'wang', role, agent: 'wang' } : { name: `m-${role}`, role };
      tokens[role] = (await api(server.url, 'POST', '/api/tokens', body)).body.token;
    }
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  const call = async (spec: RouteSpec, token: string | null, ticketSubject?: string) => {
    const target = spec.ticketScoped ? await ticket(ticketSubject) : undefined;
    const into = spec.body === 'MergeInput' ? (await ticket()).id : '';
    const path = `${spec.root ? '' : '/api'}${spec.path.replace(':id', target?.id ?? 'tok_none')}`;
    return api(server.url, spec.method.toUpperCase(), path, spec.body ? bodies[spec.body]?.(into) : undefined, token);
  };

  for (const spec of allRoutes) {
    const name = `${spec.method.toUpperCase()} ${spec.root ? '' : '/api'}${spec.path}`;
    it(`${name}: no token and a wrong token`, async () => {
      const none = await call(spec, null);
      const wrong = await call(spec, 'swb_wrong');
      if (spec.permission === 'public') {
        expect(none.status).toBe(200);
        expect(wrong.status).toBe(200);
      } else {
        expect([none.status, none.body.error.code]).toEqual([401, 'SWB_AUTH_MISSING']);
        expect([wrong.status, wrong.body.error.code]).toEqual([401, 'SWB_AUTH_INVALID']);
      }
    });
    for (const role of roleNames) {
      // satisfaction is the customer's: only admin tokens (integrations) record it through the API
      const allowed =
        (spec.permission === 'public' || roleAllows(role, spec.permission)) &&
        (spec.operationId !== 'rateTicket' || role === 'admin');
      it(`${name} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
        const r = await call(spec, tokens[role]);
        if (allowed) {
          expect(r.status, JSON.stringify(r.body)).not.toBe(401);
          expect(r.status, JSON.stringify(r.body)).not.toBe(403);
          expect(r.status).toBeLessThan(500);
        } else {
          expect([r.status, r.body.error.code]).toEqual([403, 'SWB_AUTH_FORBIDDEN']);
        }
      });
    }
    if (spec.ticketScoped && roleAllows('agent', spec.permission as never)) {
      it(`${name} as an agent on another group's ticket: 404, as for no ticket`, async () => {
        const r = await call(spec, tokens.agent, 'How do I register an account?'); // product-support
        expect([r.status, r.body.error.code]).toEqual([404, 'SWB_TICKET_NOT_FOUND']);
      });
    }
  }

  it('a path no declared route serves is admin-only (secure by default)', async () => {
    expect((await api(server.url, 'GET', '/api/not-a-route', undefined, tokens.supervisor)).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/not-a-route', undefined, tokens.admin)).status).toBe(404);
  });
});
