import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/util/clock.ts';
import { testScope } from '../helpers/cleanups.ts';
import { followUpPolicyText } from '../helpers/follow-up-policy.ts';
import { api, collect, socketClient, waitFor } from '../helpers/server.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('tasks through the API (real server, lowdb, socket.io client, a policy of its own)', () => {
  const scope = testScope();

  const start = async (dataDir?: string) => {
    const clock = createManualClock('2026-12-01T10:00:00Z');
    const server = await scope.server({
      sources: [{ file: 'policy.yaml', text: followUpPolicyText }],
      clock,
      ...(dataDir ? { dataDir } : {}),
    });
    const due: { ticket: string; task: string; at: string }[] = [];
    server.sb.events.subscribe('task.due', (e) => due.push({ ticket: e.ticket.id, task: e.task.id, at: e.at }));
    const token = async (name: string, agent: string) =>
      (await api(server.url, 'POST', '/api/tokens', { name, role: 'agent', agent })).body.token as string;
    const call = (method: string, path: string, body?: unknown, as?: string) =>
      api(server.url, method, path, body, as ?? undefined);
    const create = async (subject: string, extra: Record<string, unknown> = {}) =>
      (await call('POST', '/api/tickets', { channel: 'mail', subject, customer: { id: 'C7' }, ...extra })).body;
    return { clock, server, due, token, call, create };
  };

  it('a task added by hand and done before its due: task.created and task.completed on the socket, done in GET /api/tasks, never task.due', async () => {
    const h = await start();
    const rui = await h.token('rui-desk', 'rui');
    const socket = await socketClient(h.server.url);
    scope.defer(() => void socket.close());
    const created = collect(socket, 'task.created');
    const completed = collect(socket, 'task.completed');
    const ticket = await h.create('parcel left at the wrong door');

    const added = await h.call(
      'POST',
      `/api/tickets/${ticket.id}/tasks`,
      { name: 'Call the courier', due: '2h', assignee: 'ana', note: 'ask for the photo of the drop-off' },
      rui,
    );
    expect(added.status).toBe(201);
    const task = added.body.task;
    expect(task).toMatchObject({
      kind: 'manual',
      name: 'Call the courier',
      dueAt: '2026-12-01T12:00:00.000Z',
      state: 'open',
      assignee: 'ana',
      createdBy: 'agent:rui-desk',
      note: 'ask for the photo of the drop-off',
    });
    expect(added.body.ticket.history.at(-1)).toMatchObject({ type: 'task', actor: 'agent:rui-desk' });
    await waitFor(() => created.length === 1, 'task.created on the socket');
    expect(created[0].task.id).toBe(task.id);

    const todo = (await h.call('GET', '/api/tasks?assignee=ana')).body;
    expect(todo.items.map((e: any) => [e.ticket.id, e.task.id, e.task.state])).toEqual([[ticket.id, task.id, 'open']]);

    await h.clock.advance(90 * MIN);
    const done = await h.call(
      'POST',
      `/api/tickets/${ticket.id}/tasks/${task.id}`,
      { state: 'done', note: 'courier sends the photo today' },
      rui,
    );
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({
      state: 'done',
      doneAt: '2026-12-01T11:30:00.000Z',
      doneBy: 'agent:rui-desk',
      outcome: 'courier sends the photo today',
    });
    const entry = done.body.ticket.history.at(-1);
    expect(entry).toMatchObject({ type: 'task', actor: 'agent:rui-desk' });
    expect(entry.note).toBe(`task ${task.id} done: courier sends the photo today`);
    await waitFor(() => completed.length === 1, 'task.completed on the socket');
    expect(completed[0]).toMatchObject({
      ticket: { id: ticket.id },
      task: { id: task.id, state: 'done' },
      onTime: true,
    });

    const finished = (await h.call('GET', '/api/tasks?state=done')).body;
    expect(finished.items.map((e: any) => [e.task.id, e.task.state, e.task.doneBy])).toEqual([
      [task.id, 'done', 'agent:rui-desk'],
    ]);
    expect((await h.call('GET', '/api/tasks?assignee=ana')).body.items).toEqual([]);

    // both changes are audited against the ticket, with the task and the token
    const audit = (await h.call('GET', `/api/audit?ticket=${ticket.id}`)).body.items;
    expect(
      audit
        .filter((a: any) => a.operation !== 'createTicket')
        .map((a: any) => [a.operation, a.details?.task, a.actor.name]),
    ).toEqual([
      ['addTask', task.id, 'rui-desk'],
      ['changeTask', task.id, 'rui-desk'],
    ]);

    await h.clock.advance(5 * HOUR); // far past its due time
    expect(h.due).toEqual([]);
    const stored = (await h.call('GET', `/api/tickets/${ticket.id}`)).body;
    expect(stored.tasks.map((t: any) => [t.id, t.state])).toEqual([[task.id, 'done']]);
  });

  it('an open task that reaches its due time fires task.due once; snoozed, it comes due again later; done then, it is late', async () => {
    const h = await start();
    const created: string[] = [];
    h.server.sb.events.subscribe('task.created', (e) => created.push(e.task.id));
    const ticket = await h.create('router keeps rebooting', { category: 'fault' });
    expect(ticket.group).toBe('field');
    expect(created).toEqual(['fault-check/check-in']); // put on at intake, announced like any other
    const [check] = ticket.tasks;
    expect(check).toMatchObject({ id: 'fault-check/check-in', group: 'field', dueAt: '2026-12-01T13:00:00.000Z' });
    const path = `/api/tickets/${ticket.id}/tasks/${encodeURIComponent(check.id)}`;

    // snoozed before it came due: the old due time passes quietly
    const snoozed = (await h.call('POST', path, { due: '2026-12-01T15:00:00+01:00', note: 'customer asked for 2 pm' }))
      .body;
    expect(snoozed.task).toMatchObject({ state: 'open', dueAt: '2026-12-01T14:00:00.000Z' });
    await h.clock.advance(3 * HOUR + MIN);
    expect(h.due).toEqual([]);
    await h.clock.advance(HOUR);
    expect(h.due).toEqual([{ ticket: ticket.id, task: check.id, at: '2026-12-01T14:00:00.000Z' }]);
    expect((await h.call('GET', '/api/tasks?state=due')).body.items.map((e: any) => e.task.id)).toEqual([check.id]);

    // snoozed when overdue: open again, due later, and it still counts as having gone overdue
    const again = (await h.call('POST', path, { due: '30m', assignee: 'ines' })).body.task;
    expect(again).toMatchObject({ state: 'open', assignee: 'ines', firedAt: '2026-12-01T14:00:00.000Z' });
    await h.clock.advance(31 * MIN);
    expect(h.due.map((d) => d.at)).toEqual(['2026-12-01T14:00:00.000Z', '2026-12-01T14:31:00.000Z']);
    const late = (await h.call('POST', path, { state: 'done' })).body;
    expect(late.task.state).toBe('done');
    const metrics = (await h.call('GET', '/api/metrics/tasks?groupBy=task')).body;
    expect(metrics.groups).toEqual([
      expect.objectContaining({ key: { task: 'fault-check/check-in' }, tasks: 1, doneLate: 1, doneOnTime: 0 }),
    ]);
  });

  it('a task change is checked: unknown, finished, mixed, past due, stale version, closed ticket', async () => {
    const h = await start();
    const ticket = await h.create('wrong size delivered');
    const task = (await h.call('POST', `/api/tickets/${ticket.id}/tasks`, { name: 'Send a label', due: '1d' })).body
      .task;
    expect(task.group).toBe('front'); // no owner given: the ticket's group
    const path = `/api/tickets/${ticket.id}/tasks/${task.id}`;
    const err = async (method: string, p: string, body: unknown, headers?: string) => {
      const r = headers
        ? await fetch(`${h.server.url}${p}`, {
            method,
            headers: {
              authorization: 'Bearer swb_test-admin-token-for-every-test',
              'content-type': 'application/json',
              'if-match': headers,
            },
            body: JSON.stringify(body),
          }).then(async (x) => ({ status: x.status, body: await x.json() }))
        : await h.call(method, p, body);
      return [r.status, r.body.error?.code];
    };
    expect(await err('POST', `/api/tickets/${ticket.id}/tasks/nope`, { state: 'done' })).toEqual([
      404,
      'SWB_TASK_NOT_FOUND',
    ]);
    expect(await err('POST', path, { state: 'done', due: '1h' })).toEqual([400, 'SWB_TASK_INPUT']);
    expect(await err('POST', path, { note: 'only a note' })).toEqual([400, 'SWB_TASK_INPUT']);
    expect(await err('POST', path, {})).toEqual([400, 'SWB_API_VALIDATION']);
    expect(await err('POST', path, { due: '2026-11-30T10:00:00Z' })).toEqual([400, 'SWB_TASK_INPUT']);
    expect(await err('POST', path, { due: 'next tuesday' })).toEqual([400, 'SWB_TASK_INPUT']);
    expect(await err('POST', path, { assignee: 'nobody' })).toEqual([400, 'SWB_TICKET_UNKNOWN_VALUE']);
    expect(await err('POST', `/api/tickets/${ticket.id}/tasks`, { name: 'x', due: '9999d' })).toEqual([
      400,
      'SWB_TASK_INPUT',
    ]);
    const version = (await h.call('GET', `/api/tickets/${ticket.id}`)).body.version;
    expect(await err('POST', path, { assignee: 'rui' }, String(version - 1))).toEqual([412, 'SWB_TICKET_STALE']);
    expect(await err('POST', path, { state: 'cancelled', note: 'customer keeps it' }, String(version))).toEqual([
      200,
      undefined,
    ]);
    expect(await err('POST', path, { state: 'done' })).toEqual([409, 'SWB_TASK_FINISHED']);

    // a closed ticket's task can be finished, not re-timed, and a closed ticket takes no new task
    const other = (await h.call('POST', `/api/tickets/${ticket.id}/tasks`, { name: 'Refund', due: '2d' })).body.task;
    await h.call('POST', `/api/tickets/${ticket.id}/status`, { status: 'archived' });
    expect(await err('POST', `/api/tickets/${ticket.id}/tasks/${other.id}`, { due: '3d' })).toEqual([
      409,
      'SWB_TICKET_CLOSED',
    ]);
    expect(await err('POST', `/api/tickets/${ticket.id}/tasks`, { name: 'More', due: '1d' })).toEqual([
      409,
      'SWB_TICKET_CLOSED',
    ]);
    expect(await err('POST', `/api/tickets/${ticket.id}/tasks/${other.id}`, { state: 'done' })).toEqual([
      200,
      undefined,
    ]);
  });

  it("agents list their groups' tasks and the tasks handed to them; another group's is 403 to ask for, 404 to change", async () => {
    const h = await start();
    const [ana, ines] = [await h.token('ana-t', 'ana'), await h.token('ines-t', 'ines')];
    const front = await h.create('login fails');
    const field = await h.create('modem is dead', { category: 'fault' });
    const anaSocket = await socketClient(h.server.url, '/', ana);
    scope.defer(() => void anaSocket.close());
    const anaHears = collect(anaSocket, 'task.created');
    const fieldOnly = (
      await h.call('POST', `/api/tickets/${field.id}/tasks`, {
        name: 'Order a spare modem',
        due: '1d',
        assignee: 'ines',
      })
    ).body.task;
    const handed = (
      await h.call('POST', `/api/tickets/${field.id}/tasks`, {
        name: 'Tell Ana the visit slot',
        due: '4h',
        assignee: 'ana',
      })
    ).body.task;
    const frontTask = (await h.call('POST', `/api/tickets/${front.id}/tasks`, { name: 'Reset link', due: '1h' })).body
      .task;

    const seen = async (token: string, query = '') =>
      (await h.call('GET', `/api/tasks${query}`, undefined, token)).body.items.map((e: any) => e.task.id);
    expect(await seen(ana)).toEqual([frontTask.id, handed.id]);
    // live: the task handed to her reaches her socket, the field group's own does not (events keep their order)
    await waitFor(() => anaHears.length === 2, "task.created on the agent's socket");
    expect(anaHears.map((e) => e.task.id)).toEqual([handed.id, frontTask.id]);
    expect(anaHears.map((e) => e.task.id)).not.toContain(fieldOnly.id);
    expect(await seen(ines)).toEqual(['fault-check/check-in', handed.id, fieldOnly.id]);
    expect(await seen(ana, '?assignee=me')).toEqual([handed.id]);
    expect((await h.call('GET', '/api/tasks?group=field', undefined, ana)).status).toBe(403);

    // Ana may finish the task handed to her on the field ticket, not the field group's own task
    expect(
      (await h.call('POST', `/api/tickets/${field.id}/tasks/${handed.id}`, { state: 'done' }, ana)).body.task.state,
    ).toBe('done');
    const other = await h.call(
      'POST',
      `/api/tickets/${field.id}/tasks/${encodeURIComponent('fault-check/check-in')}`,
      { state: 'done' },
      ana,
    );
    expect([other.status, other.body.error.code]).toEqual([404, 'SWB_TICKET_NOT_FOUND']);
  });

  it('GET /api/tasks pages by due time with a cursor and filters by group, state and due time', async () => {
    const h = await start();
    const t = await h.create('several follow-ups');
    for (const [name, due] of [
      ['third', '3h'],
      ['first', '1h'],
      ['second', '2h'],
    ])
      await h.call('POST', `/api/tickets/${t.id}/tasks`, { name, due });
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await h.call('GET', `/api/tasks?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      names.push(...page.items.map((e: any) => e.task.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['first', 'second', 'third']);
    const before = encodeURIComponent('2026-12-01T12:30:00Z');
    expect((await h.call('GET', `/api/tasks?dueBefore=${before}`)).body.items.map((e: any) => e.task.name)).toEqual([
      'first',
      'second',
    ]);
    expect((await h.call('GET', '/api/tasks?group=field')).body.items).toEqual([]);
    expect((await h.call('GET', '/api/tasks?state=sleeping')).body.error.code).toBe('SWB_API_VALIDATION');
    expect((await h.call('GET', '/api/tasks?group=nowhere')).body.error.code).toBe('SWB_TICKET_UNKNOWN_VALUE');
    expect((await h.call('GET', '/api/tasks?cursor=!!')).body.error.code).toBe('SWB_API_VALIDATION');
    expect((await h.call('GET', '/api/tasks?dueBefore=tomorrow')).body.error.code).toBe('SWB_API_VALIDATION');
  });

  it('a CSAT call-back is completed through the API and counted in the task metrics, also after a restart', async () => {
    const dataDir = await scope.tempDir();
    const h = await start(dataDir);
    const ticket = await h.create('billing is wrong again');
    await h.call('POST', `/api/tickets/${ticket.id}/replies`, { author: { type: 'agent', id: 'ana' }, body: 'Fixed.' });
    await h.call('POST', `/api/tickets/${ticket.id}/status`, { status: 'solved' });
    const link = (await h.call('POST', `/api/tickets/${ticket.id}/survey`)).body;
    const answered = (await h.call('POST', link.path, { score: 1, comment: 'too slow' })).body;
    const callback = answered.callback;
    expect(callback).toMatchObject({ kind: 'callback', assignee: 'rui', state: 'open' });
    const withTask = (await h.call('GET', `/api/tickets/${ticket.id}`)).body;
    expect(withTask.history.at(-1)).toMatchObject({ type: 'task', actor: 'system:csat' });
    expect((await h.call('GET', '/api/tasks?assignee=rui')).body.items.map((e: any) => e.task.kind)).toEqual([
      'callback',
    ]);

    await h.clock.advance(3 * HOUR);
    const done = await h.call('POST', `/api/tickets/${ticket.id}/tasks/${callback.id}`, {
      state: 'done',
      note: 'called back, apologised, credit note sent',
    });
    expect(done.body.task.state).toBe('done');
    // counted on the local day it is due (tomorrow): today alone has no task due
    const window = '/api/metrics/tasks?from=2026-12-01&to=2026-12-02&groupBy=task,agent';
    expect((await h.call('GET', '/api/metrics/tasks?groupBy=task')).body.totals.tasks).toBe(0);
    const byTask = (await h.call('GET', window)).body;
    const expected = [
      expect.objectContaining({
        key: { agent: 'rui', task: 'callback' },
        tasks: 1,
        done: 1,
        doneOnTime: 1,
        onTimeRate: 1,
      }),
    ];
    expect(byTask.groups).toEqual(expected);

    // the same counts come back from the stored tickets alone
    await h.server.close();
    const again = await start(dataDir);
    expect((await again.call('GET', window)).body.groups).toEqual(expected);
    expect((await again.call('GET', '/api/tasks?state=done')).body.items.map((e: any) => e.task.id)).toEqual([
      callback.id,
    ]);
  });
});
