import { readFileSync } from 'node:fs';
import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../src/core/events/bus.ts';
import { definePlugin } from '../../src/entry/plugins.ts';
import { createManualClock, createMemoryStore, createSequentialIds, silentLogger } from '../../src/entry/testing.ts';
import { createSwitchboard, type SwitchboardEvent, type SwitchboardOptions } from '../../src/index.ts';
import { optionsTableMarkdown, resolveOptions } from '../../src/switchboard/options/index.ts';
import { api, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

const text = `
version: 1
id: opts
channels: [{ id: web, kind: online }]
categories: [{ id: general }]
priorities: { levels: [high, low], default: low }
slas: [{ id: s, targets: { firstResponse: { high: 1h, low: 4h } } }]
agents: [{ id: ann, name: Ann }]
routing:
  fallback: desk
  groups: [{ id: desk, members: [ann] }]
`;
const sources = [{ file: 'policy.yaml', text }];
const capture = () => {
  const warnings: string[] = [];
  return { warnings, logger: { info() {}, error() {}, warn: (m: string) => void warnings.push(m) } };
};
const base = (): SwitchboardOptions => ({
  policy: { sources },
  store: createMemoryStore(),
  clock: createManualClock('2026-03-02T08:00:00Z'),
  ids: createSequentialIds(),
  logger: silentLogger,
  qa: { tickMs: 0 },
});

describe('createSwitchboard options', () => {
  it('rejects bad options before anything starts, naming every bad field by its path', async () => {
    const err = await createSwitchboard({
      ...base(),
      sla: { pollMs: 0, leaseMs: -1 },
      qa: { tickMss: 5 } as never,
      store: {} as never,
      postgres: {} as never,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SWB_OPTIONS_INVALID' });
    const message = (err as Error).message;
    expect(message).toContain('/sla/pollMs must be >= 1');
    expect(message).toContain('/sla/leaseMs must be >= 0');
    expect(message).toContain('/qa/tickMss is not an option (did you mean "tickMs"?)');
    expect(message).toContain('/store must be a Store (an object with open, close, get)');
    expect(message).toContain("/postgres must have required property 'url'");
  });

  it('takes the flat options of 0.1 with one warning naming each new path, and the nested ones without', async () => {
    const flat = capture();
    const old = await createSwitchboard({
      sources,
      store: createMemoryStore(),
      qaTickMs: 0,
      slaLeaseMs: 10,
      logger: flat.logger,
    });
    await old.tickets.create({ channel: 'web', subject: 'still works', customer: { id: 'c' } });
    await old.close();
    const deprecations = flat.warnings.filter((w) => w.includes('deprecated'));
    expect(deprecations).toHaveLength(1);
    expect(deprecations[0]).toContain('sources → policy.sources');
    expect(deprecations[0]).toContain('qaTickMs → qa.tickMs');
    expect(deprecations[0]).toContain('slaLeaseMs → sla.leaseMs');

    const nested = capture();
    const sb = await createSwitchboard({ ...base(), logger: nested.logger, security: { auth: false } });
    await sb.close();
    expect(nested.warnings).toEqual([]);
  });

  it('freezes the validated sections and leaves the caller’s objects and runtime objects alone', () => {
    const given = { qa: { tickMs: 5 }, sla: { pollMs: 10 }, store: createMemoryStore() };
    const resolved = resolveOptions(given);
    expect(Object.isFrozen(resolved) && Object.isFrozen(resolved.qa) && Object.isFrozen(resolved.sla)).toBe(true);
    expect(Object.isFrozen(given.qa)).toBe(false);
    expect(resolved.store).toBe(given.store);
    expect(Object.isFrozen(given.store)).toBe(false);
  });

  it('close() undoes every subscription it made on the host’s bus, sockets and plugins included', async () => {
    const inner = createEventBus({ clock: createManualClock('2026-03-02T08:00:00Z') });
    let live = 0;
    const bus: EventBus = {
      get lastSeq() {
        return inner.lastSeq;
      },
      publish: inner.publish,
      subscribe(name, listener) {
        live++;
        const off = inner.subscribe(name, listener);
        let done = false;
        return () => {
          if (!done) live--;
          done = true;
          off();
        };
      },
    };
    const listener = definePlugin({
      name: 'listener',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.events.subscribe('ticket.created', () => {});
      },
    });
    const sb = await createSwitchboard({
      ...base(),
      bus,
      plugins: { embedded: [listener], dirs: [] },
      csat: { onSurveyLink: () => {} },
      security: { auth: false },
    });
    const io = new Server();
    sb.attach(io);
    expect(live).toBeGreaterThan(5);
    await sb.close();
    expect(live).toBe(0);
  });

  it('keeps the options table of docs/embedding.md equal to the schema (run `npm run docs:options`)', () => {
    const doc = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- options:start -->') + 22, doc.indexOf('<!-- options:end -->')).trim();
    expect(table).toBe(optionsTableMarkdown());
    expect(table).toContain('| `sla.pollMs` | `number` | `5000` |');
  });
});

describe('one event shape in process and on the socket', () => {
  it('gives sb.events subscribers and socket clients the same { type, seq, at, ticket, ...fields }', async () => {
    const tmp = await tempDir();
    const server = await startTestServer({ dataDir: tmp.dir, policy: { sources }, qa: { tickMs: 0 } });
    try {
      const inProcess: SwitchboardEvent<'ticket.created'>[] = [];
      server.sb.events.subscribe('ticket.created', (e) => inProcess.push(e));
      const socket = await socketClient(server.url);
      const onSocket: unknown[] = [];
      socket.on('ticket.created', (e: unknown) => onSocket.push(e));
      const created = await api(server.url, 'POST', '/api/tickets', {
        channel: 'web',
        subject: 'shape',
        customer: { id: 'c' },
      });
      expect(created.status).toBe(201);
      await waitFor(() => onSocket.length === 1, 'socket event');
      expect(inProcess[0]?.ticket.id).toBe(created.body.id);
      expect(Object.keys(inProcess[0] ?? {}).slice(0, 4)).toEqual(['type', 'seq', 'at', 'ticket']);
      expect(onSocket[0]).toEqual(JSON.parse(JSON.stringify(inProcess[0])));
      socket.close();
    } finally {
      await server.close();
      await tmp.remove();
    }
  });
});
