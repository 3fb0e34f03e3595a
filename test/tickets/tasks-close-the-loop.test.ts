import { afterEach, describe, expect, it } from 'vitest';
import type { SwitchboardEvent } from '../../src/index.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { api, socketClient, startTestServer, tempDir, waitFor } from '../helpers/server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe('tasks close the loop', () => {
  it('a task added by hand is completed on time (task.completed on the socket, never task.due); another is cancelled', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const clock = createManualClock('2026-12-03T02:00:00Z');
    const s = await startTestServer({ dataDir: dir, clock, qa: { tickMs: 0 } });
    cleanups.push(() => s.close());
    const socket = await socketClient(s.url);
    cleanups.push(async () => void socket.close());
    const seen: SwitchboardEvent[] = [];
    for (const type of ['task.created', 'task.completed', 'task.cancelled', 'task.due'])
      socket.on(type, (e: SwitchboardEvent) => void seen.push(e));

    const ticket = (
      await api(s.url, 'POST', '/api/tickets', { channel: 'chat', subject: '快递还没到', customer: { id: 'C1' } })
    ).body;
    const add = (body: unknown) => api(s.url, 'POST', `/api/tickets/${ticket.id}/tasks`, body);
    const callBack = await add({
      name: '回访客户 call back',
      due: '2026-12-03T12:00:00+08:00',
      note: 'ask if it arrived',
    });
    expect(callBack.status).toBe(200);
    const task = callBack.body.tasks.at(-1);
    expect(task).toMatchObject({
      name: '回访客户 call back',
      state: 'open',
      dueAt: '2026-12-03T04:00:00.000Z',
      group: ticket.group,
    });
    await waitFor(() => seen.some((e) => e.type === 'task.created'), 'task.created');

    // bad input says what to fix
    expect((await add({ name: 'x', due: 'tomorrow' })).body.error).toMatchObject({ code: 'SWB_API_VALIDATION' });
    expect((await add({ name: 'x', due: '2026-12-04T10:00:00' })).body.error.message).toContain('with a zone');
    expect((await add({ name: 'x', due: '2026-12-04T10:00:00Z', group: 'nope' })).body.error.message).toContain(
      'unknown group "nope"',
    );

    await clock.advance(3_600_000);
    const done = await api(s.url, 'POST', `/api/tickets/${ticket.id}/tasks/${task.id}`, {
      state: 'done',
      note: '已送达',
    });
    expect(done.status).toBe(200);
    expect(done.body.tasks.find((t: { id: string }) => t.id === task.id)).toMatchObject({
      state: 'done',
      doneBy: expect.stringContaining('admin'),
      outcome: '已送达',
    });
    await waitFor(() => seen.some((e) => e.type === 'task.completed'), 'task.completed');
    expect(seen.find((e) => e.type === 'task.completed')).toMatchObject({ onTime: true, task: { id: task.id } });

    const again = await api(s.url, 'POST', `/api/tickets/${ticket.id}/tasks/${task.id}`, { state: 'cancelled' });
    expect([again.status, again.body.error.code]).toEqual([409, 'SWB_TASK_FINISHED']);
    const missing = await api(s.url, 'POST', `/api/tickets/${ticket.id}/tasks/task-9`, { state: 'done' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'SWB_TASK_NOT_FOUND']);

    const second = (await add({ name: 'second look', due: '2026-12-03T05:00:00Z' })).body.tasks.at(-1);
    await api(s.url, 'POST', `/api/tickets/${ticket.id}/tasks/${second.id}`, { state: 'cancelled' });
    await waitFor(() => seen.some((e) => e.type === 'task.cancelled'), 'task.cancelled');

    // past both due times: a finished task never comes due
    await clock.advance(6 * 3_600_000);
    const stored = (await api(s.url, 'GET', `/api/tickets/${ticket.id}`)).body;
    expect(stored.tasks.map((t: { state: string }) => t.state)).toEqual(['done', 'cancelled']);
    expect(seen.filter((e) => e.type === 'task.due')).toEqual([]);
    expect(stored.history.filter((h: { type: string }) => h.type === 'task')).toHaveLength(4);
  });
});
