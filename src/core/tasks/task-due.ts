import { SwitchboardError } from '../errors/index.ts';
import { parseDuration } from '../util/duration.ts';

/** The furthest ahead a task may be due: five years. */
export const longestTaskWaitMs = 5 * 366 * 86_400_000;

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * When a task given by hand is due: a duration from now (`30m`, `2h`, `1d 4h`) or an ISO-8601
 * instant with its offset (`2026-12-04T10:00:00+08:00`). It must lie ahead, within five years.
 */
export function taskDueAt(due: string, nowMs: number, path = '/due'): number {
  const text = due.trim();
  const after = parseDuration(text);
  const at = after !== undefined ? nowMs + after : isoInstant.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(at))
    throw new SwitchboardError(
      'SWB_TASK_INPUT',
      `due "${due.slice(0, 60)}" is neither a duration (30m, 2h, 1d) nor an ISO-8601 time with its offset (2026-12-04T10:00:00+08:00)`,
      { path },
    );
  if (at <= nowMs)
    throw new SwitchboardError(
      'SWB_TASK_INPUT',
      `due ${new Date(at).toISOString()} is not after now (${new Date(nowMs).toISOString()}); give a time ahead`,
      { path },
    );
  if (at - nowMs > longestTaskWaitMs)
    throw new SwitchboardError('SWB_TASK_INPUT', `due "${due.slice(0, 60)}" is more than five years ahead`, { path });
  return at;
}
