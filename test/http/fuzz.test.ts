import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api-routes.ts';
import type { SchemaName } from '../../src/http/route.ts';
import { api, startTestServer, tempDir, testAdminToken } from '../helpers/server.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20261123);
const valid: Partial<Record<SchemaName, Record<string, unknown>>> = {
  TicketInput: {
    channel: 'chat',
    subject: 'page error',
    customer: { id: 'C1', email: 'a@b.c' },
    tags: ['x'],
    fields: { order: 1 },
  },
  ReplyInput: { author: { type: 'agent', id: 'wang' }, body: 'hi', internal: true },
  StatusInput: { status: 'pending-customer', note: 'n' },
  CsatInput: { score: 5, comment: 'ok' },
  CallEventInput: { callId: 'fz-1', event: 'offered', at: '2026-01-01T00:00:00Z', channel: 'phone', agent: 'li' },
  AssignInput: { assignee: 'li', group: 'tech-ops' },
  EscalateInput: { reason: 'r', priority: 'P0', group: 'complaints' },
  MergeInput: { into: 't_x' },
  TagsInput: { tags: ['a', 'b'] },
  TaskInput: { name: 'call back', due: '2h', assignee: 'li', group: 'tech-ops', note: 'n' },
  TaskChange: { state: 'done', note: 'n', assignee: 'li', group: 'tech-ops', due: '2026-12-04T10:00:00+08:00' },
  TicketPatch: { priority: 'P1', channel: 'chat', group: 'tech-ops' },
  TokenInput: { name: 'fz', role: 'agent', agent: 'wang', groups: ['tech-ops'] },
  PresenceInput: { status: 'away' },
  QaSampleInput: { from: '2026-10-01', to: '2026-10-02' },
  QaReviewInput: { results: { greeting: 'pass', 'problem-confirmed': 'fail' }, comment: 'c' },
  FaqMatchInput: { text: 'how do I get an invoice', locale: 'en' },
  SimulateInput: {
    tickets: [
      {
        id: 'h1',
        channel: 'chat',
        subject: 'payment failed',
        customer: { id: 'c' },
        createdAt: '2026-01-01T00:00:00Z',
      },
    ],
    maxChanges: 2,
  },
};

/** Anything JSON, plus valid bodies with one field replaced, dropped or added. */
const json = fc.jsonValue({ maxDepth: 3 });
const mutated = (base: Record<string, unknown>) =>
  fc.oneof(
    fc
      .record({ key: fc.constantFrom(...Object.keys(base), '__proto__', 'constructor', 'extra'), value: json })
      .map(({ key, value }) => JSON.parse(JSON.stringify({ ...base, [key]: value }))),
    fc.constantFrom(...Object.keys(base)).map((k) => Object.fromEntries(Object.entries(base).filter(([x]) => x !== k))),
    fc.string({ maxLength: 30 }).map((s) => `${JSON.stringify(base).slice(0, s.length % 40)}${s}`), // broken JSON text
  );

describe('fuzzing: 10,000 bodies and socket messages give 4xx, never 5xx, never a crash', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let remove: () => Promise<void>;
  let ticketId = '';
  beforeAll(async () => {
    const t = await tempDir();
    remove = t.remove;
    // Fuzzing checks answers, not the per-connection message budget (test/security covers that).
    server = await startTestServer({ dataDir: t.dir, limits: { socket: { messagesPerMinute: 0 } } });
    ticketId = (
      await api(server.url, 'POST', '/api/tickets', { channel: 'chat', subject: 'seed', customer: { id: 'C1' } })
    ).body.id;
  });
  afterAll(async () => {
    await server.close();
    await remove();
  });

  it('HTTP: 10,000 fuzzed bodies over every route with a body', async () => {
    const routes = apiRoutes.filter((r) => r.body);
    const cases = fc.sample(
      fc
        .constantFrom(...routes)
        .chain((r) =>
          fc.tuple(fc.constant(r), fc.oneof(json, mutated(valid[r.body as SchemaName] ?? {})), fc.boolean()),
        ),
      { numRuns: 10_000, seed },
    );
    const bad: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const [route, body, realTicket] = cases[next++]!;
        const path = `/api${route.path.replace(':id', realTicket ? ticketId : 't_fuzz')}`;
        const res = await fetch(`${server.url}${path}`, {
          method: route.method.toUpperCase(),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${testAdminToken}` },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        const text = await res.text();
        if (res.status >= 500)
          bad.push(
            `${route.method} ${path} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${text.slice(0, 200)}`,
          );
        else if (res.status >= 400 && !JSON.parse(text).error?.code?.startsWith('SWB_'))
          bad.push(`${path}: 4xx without a code`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(bad).toEqual([]);
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  }, 60_000);

  it('HTTP: 4,000 fuzzed paths and query strings over every route without a body', async () => {
    const definitions = (
      JSON.parse(readFileSync(new URL('../../schemas/api.schema.json', import.meta.url), 'utf8')) as {
        definitions: Record<string, { properties?: Record<string, unknown> }>;
      }
    ).definitions;
    const routes = apiRoutes.filter((r) => !r.body && r.method !== 'delete');
    // values a careless or hostile caller sends: far dates, bad escapes, huge numbers, lists
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('9999-12-31', '+010000-01-01', '0000-01-01', '2026-02-30', '%', '%E0%A4%A', '-1', '1e309'),
      fc.integer().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    );
    const cases = fc.sample(
      fc.constantFrom(...routes).chain((r) => {
        const keys = [...Object.keys(definitions[r.query ?? '']?.properties ?? {}), 'extra', '__proto__'];
        return fc.tuple(
          fc.constant(r),
          fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 5 }),
          fc.constantFrom('real', 'missing', '%ZZ', '..%2f..'),
        );
      }),
      { numRuns: 4_000, seed },
    );
    const bad: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const [route, pairs, id] = cases[next++]!;
        const param = id === 'real' ? ticketId : id === 'missing' ? 't_fuzz' : id;
        // raw pairs: some values are deliberately not valid percent-encoding
        const query = pairs.map(([k, v]) => `${k}=${/%/.test(v) ? v : encodeURIComponent(v)}`).join('&');
        const path = `/api${route.path.replace(/:[a-zA-Z]+/g, param)}${query ? `?${query}` : ''}`;
        const res = await fetch(`${server.url}${path}`, {
          method: route.method.toUpperCase(),
          headers: { authorization: `Bearer ${testAdminToken}` },
        });
        const text = await res.text();
        if (res.status >= 500) bad.push(`${route.method} ${path} → ${res.status} ${text.slice(0, 200)}`);
        else if (res.status >= 400 && !JSON.parse(text).error?.code?.startsWith('SWB_'))
          bad.push(`${path}: 4xx without a code`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(bad).toEqual([]);
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  }, 120_000);

  it('socket.io: fuzzed subscribe messages are answered with ok:false, unknown events ignored, the server stays up', async () => {
    const socket = connect(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: testAdminToken },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const messages = fc.sample(
      fc.oneof(
        json,
        fc.record(
          { groups: json, priorities: json, channels: json, tickets: json, sinceSeq: json, limit: json, batch: json },
          { requiredKeys: [] },
        ),
      ),
      { numRuns: 2_000, seed },
    );
    const acks = await Promise.all(messages.map((m) => socket.timeout(10_000).emitWithAck('subscribe', m)));
    expect(acks.every((a) => a && typeof a.ok === 'boolean')).toBe(true);
    expect(acks.filter((a) => !a.ok).every((a) => /^SWB_(API_VALIDATION|AUTH_FORBIDDEN)$/.test(a.error.code))).toBe(
      true,
    );
    for (const m of messages.slice(0, 200)) socket.emit('no-such-event', m);
    socket.emit('subscribe', 'not an object'); // without an ack function
    expect(await socket.timeout(5000).emitWithAck('subscribe', { all: true })).toMatchObject({ ok: true });
    socket.close();
    expect((await api(server.url, 'GET', '/api/health')).status).toBe(200);
  });
});
