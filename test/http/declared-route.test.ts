import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../src/http/api-context.ts';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { createExpressServer } from '../../src/http/express-server.ts';
import { principalOf } from '../../src/http/guard.ts';
import { routesTableMarkdown } from '../../src/http/routes-markdown.ts';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { api, tempDir, testAdminToken } from '../helpers/server.ts';

/** One route object, declared here only: the router, guard, validation, audit and OpenAPI must all know it. */
const calls: unknown[] = [];
const probe: ApiRoute = {
  method: 'post',
  path: '/probes/:id/tags',
  operationId: 'tagProbe',
  summary: 'Tag a probe',
  tag: 'probes',
  permission: 'reports:read',
  body: 'TagsInput',
  audited: true,
  ok: { status: 201, description: '`{ probe, tags, by }`' },
  handle(req, res) {
    calls.push(req.body);
    return { probe: req.params.id, tags: (req.body as { tags: string[] }).tags, by: principalOf(res)?.name };
  },
};

describe('a route declared once is served, guarded, validated, audited and documented', () => {
  let sb: Switchboard;
  let base = '';
  let close: () => Promise<void>;
  let remove: () => Promise<void>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    sb = await createSwitchboard({
      logger: silentLogger,
      dataDir: t.dir,
      security: { adminToken: testAdminToken, rateLimitPerMinute: 0, env: {} },
    });
    const app = express();
    app.use('/api', sb.router([...apiRoutes, probe]));
    app.use('/plain', sb.router());
    const server = createExpressServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((r) => server.close(r));
      await sb.close();
    };
    for (const role of ['supervisor', 'viewer'])
      tokens[role] = (await api(base, 'POST', '/api/tokens', { name: `p-${role}`, role })).body.token;
  });
  afterAll(async () => {
    await close();
    await remove();
  });

  it('answers over real HTTP with its declared status, once the guard admitted the role', async () => {
    const r = await api(base, 'POST', '/api/probes/p1/tags', { tags: ['a'] }, tokens.supervisor);
    expect([r.status, r.body]).toEqual([201, { probe: 'p1', tags: ['a'], by: 'p-supervisor' }]);
    const audit = await api(base, 'GET', '/api/audit?limit=500');
    expect(audit.body.items.filter((e: { operation: string }) => e.operation === 'tagProbe')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/probes/p1/tags', status: 201 }),
    ]);
  });

  it('the guard refuses a role without its permission, and checks body and query before the handler', async () => {
    const before = calls.length;
    const viewer = await api(base, 'POST', '/api/probes/p1/tags', { tags: ['a'] }, tokens.viewer);
    expect([viewer.status, viewer.body.error.code]).toEqual([403, 'SWB_AUTH_FORBIDDEN']);
    expect(viewer.body.error.message).toContain('may not tag a probe (needs reports:read)');
    const badBody = await api(base, 'POST', '/api/probes/p1/tags', { tags: 'a' }, tokens.supervisor);
    expect([badBody.status, badBody.body.error.code, badBody.body.error.details.path]).toEqual([
      400,
      'SWB_API_VALIDATION',
      '/tags',
    ]);
    const badQuery = await api(base, 'POST', '/api/probes/p1/tags?x=1', { tags: ['a'] }, tokens.supervisor);
    expect([badQuery.status, badQuery.body.error.details.path]).toEqual([400, '?x']);
    expect(calls.length).toBe(before);
  });

  it('the OpenAPI document and the routes table list it', async () => {
    const doc = (await api(base, 'GET', '/api/openapi.json', undefined, null)).body;
    const op = doc.paths['/api/probes/{id}/tags'].post;
    expect(op).toMatchObject({
      operationId: 'tagProbe',
      tags: ['probes'],
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/TagsInput' } } } },
      parameters: [{ name: 'id', in: 'path', required: true }],
    });
    expect(op.description).toBe('Roles: admin, supervisor (permission `reports:read`).');
    expect(routesTableMarkdown([...apiRoutes, probe])).toContain(
      '| POST | `/api/probes/:id/tags` | admin, supervisor | yes | Tag a probe |',
    );
  });

  it('a router built without the declaration does not have it: admin-only fallback, then 404', async () => {
    const sup = await api(base, 'POST', '/plain/probes/p1/tags', { tags: ['a'] }, tokens.supervisor);
    expect(sup.status).toBe(403);
    expect((await api(base, 'POST', '/plain/probes/p1/tags', { tags: ['a'] })).status).toBe(404);
    expect((await api(base, 'GET', '/plain/openapi.json', undefined, null)).body.paths['/api/probes/{id}/tags']).toBe(
      undefined,
    );
  });
});
