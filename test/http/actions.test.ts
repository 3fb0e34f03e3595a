import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { testScope } from '../helpers/cleanups.ts';
import { allRoutes } from '../../src/http/api-routes.ts';
import { openApiPath } from '../../src/http/route.ts';
import { api } from '../helpers/server.ts';

describe('ticket actions, agents and the OpenAPI document', () => {
  const scope = testScope();
  const server = () => scope.server();
  const create = (url: string, subject = 'page error: blank page', customer = 'C1') =>
    api(url, 'POST', '/api/tickets', { channel: 'chat', subject, customer: { id: customer } }).then((r) => r.body);

  it('assigns, escalates, tags, and keeps internal notes out of the first response', async () => {
    const s = await server();
    const t = await create(s.url);
    const note = await api(s.url, 'POST', `/api/tickets/${t.id}/replies`, {
      author: { type: 'agent', id: 'wang' },
      body: 'looks like the CDN',
      internal: true,
    });
    expect(note.body.firstResponseAt).toBeUndefined();
    expect(note.body.replies.at(-1)).toMatchObject({ internal: true });
    const assigned = await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { assignee: 'zhao' });
    expect(assigned.body.assignee).toBe('zhao');
    expect(assigned.body.history.at(-1)).toMatchObject({
      type: 'assign',
      actor: 'admin:env-admin',
      changes: { assignee: [t.assignee, 'zhao'] },
    });
    const typo = await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, { group: 'tech-opz' });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('did you mean "tech-ops"');
    expect((await api(s.url, 'POST', `/api/tickets/${t.id}/assign`, {})).status).toBe(400);
    const up = await api(s.url, 'POST', `/api/tickets/${t.id}/escalate`, { reason: 'customer called twice' });
    expect([t.priority, up.body.priority]).toEqual(['P1', 'P0']);
    expect(up.body.history.at(-1)).toMatchObject({ type: 'escalate', note: 'customer called twice' });
    const moved = await api(s.url, 'POST', `/api/tickets/${t.id}/escalate`, { reason: 'angry', group: 'complaints' });
    expect(moved.body).toMatchObject({ group: 'complaints', assignee: null, priority: 'P0' });
    const top = await api(s.url, 'POST', `/api/tickets/${t.id}/escalate`, { reason: 'again' });
    expect(top.status).toBe(409);
    const tagged = await api(s.url, 'POST', `/api/tickets/${t.id}/tags`, { tags: ['cdn', 'outage', 'cdn'] });
    expect(tagged.body.tags).toEqual(['cdn', 'outage']);
    const untagged = await api(s.url, 'DELETE', `/api/tickets/${t.id}/tags`, { tags: ['cdn'] });
    expect(untagged.body.tags).toEqual(['outage']);
  });

  it('merges a duplicate: replies move to the target, the source is closed with a link', async () => {
    const s = await server();
    const target = await create(s.url, 'page error: blank page', 'C1');
    const source = await create(s.url, 'blank page again', 'C1');
    await api(s.url, 'POST', `/api/tickets/${source.id}/replies`, {
      author: { type: 'customer', id: 'C1' },
      body: 'still blank',
    });
    const merged = await api(s.url, 'POST', `/api/tickets/${source.id}/merge`, { into: target.id });
    expect(merged.status).toBe(200);
    expect(merged.body.source).toMatchObject({ status: 'closed', mergedInto: target.id });
    expect(merged.body.target.mergedFrom).toEqual([source.id]);
    expect(
      merged.body.target.replies.map((r: { body: string; mergedFrom?: string }) => [r.body, r.mergedFrom]),
    ).toEqual([['still blank', source.id]]);
    const again = await api(s.url, 'POST', `/api/tickets/${source.id}/merge`, { into: target.id });
    expect([again.status, again.body.error.code]).toEqual([409, 'SWB_TICKET_MERGE']);
    const self = await api(s.url, 'POST', `/api/tickets/${target.id}/merge`, { into: target.id });
    expect(self.body.error.code).toBe('SWB_TICKET_MERGE');
    const missing = await api(s.url, 'POST', `/api/tickets/${target.id}/merge`, { into: 't_nope' });
    expect(missing.status).toBe(404);
  });

  it('lists agents with their groups', async () => {
    const s = await server();
    const agents = await api(s.url, 'GET', '/api/agents');
    expect(agents.body.items.find((a: { id: string }) => a.id === 'wang')).toMatchObject({
      groups: ['tech-ops'],
      leads: ['tech-ops'],
    });
  });

  it('serves an OpenAPI 3.1 document with every declared route, whose schemas compile', async () => {
    const s = await server();
    const doc = (await api(s.url, 'GET', '/api/openapi.json', undefined, null)).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const r of allRoutes) {
      const op = doc.paths[openApiPath(r)]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op.operationId).toBe(r.operationId);
      if (r.body) expect(op.requestBody.content['application/json'].schema.$ref).toBe(`#/components/schemas/${r.body}`);
      if (r.permission !== 'public') expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(doc.paths['/api/tickets'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'group', 'limit', 'cursor']),
    );
    // Every $ref resolves and every schema compiles as JSON Schema 2020-12 (OpenAPI 3.1's dialect).
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[A-Za-z]+"/g) ?? [];
    for (const ref of new Set(refs)) expect(() => ajv.getSchema(`doc${JSON.parse(ref)}`)).not.toThrow();
  });
});
