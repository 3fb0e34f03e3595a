import type { TaskPosition } from '../core/tasks/task-index.ts';
import { SwitchboardError } from '../core/errors/index.ts';

/** Opaque to callers: base64url of `[dueMs, ticketId, taskId]`. Keyset, so pages never skip or repeat. */
export function encodeTaskCursor(p: TaskPosition): string {
  return Buffer.from(JSON.stringify([p.dueMs, p.ticketId, p.taskId]), 'utf8').toString('base64url');
}

export function decodeTaskCursor(cursor: string): TaskPosition {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      Number.isFinite(v[0]) &&
      typeof v[1] === 'string' &&
      typeof v[2] === 'string'
    )
      return { dueMs: v[0] as number, ticketId: v[1], taskId: v[2] };
  } catch {
    // answered below
  }
  throw new SwitchboardError(
    'SWB_API_VALIDATION',
    `Invalid cursor "${cursor.slice(0, 60)}": pass the nextCursor of a previous page unchanged.`,
    { path: '?cursor' },
  );
}
