import { formatProblem } from '../core/policy/problem.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { addBusinessDays, subtractBusinessDays } from '../core/sla/calendar/index.ts';
import { listValues } from '../core/util/suggest.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { loadCalendars } from './load-calendars.ts';

const usage =
  'switchboard calendar add|subtract|between|open --config <file-or-dir> --calendar <id> (--from <iso> [--minutes n|--seconds n|--days n] [--to <iso>] | --at <iso>)';

/**
 * `switchboard calendar add|subtract|between|open`: business-time arithmetic from the shell.
 * Prints one line: an ISO-8601 UTC instant, a number of business seconds, or true/false.
 */
export async function calendarCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      config: { type: 'string' },
      calendar: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      at: { type: 'string' },
      minutes: { type: 'string' },
      seconds: { type: 'string' },
      days: { type: 'string' },
    },
    'calendar',
  );
  const op = positionals[0];
  if (!op || !['add', 'subtract', 'between', 'open'].includes(op))
    throw usageError(`name an operation: add, subtract, between or open`);
  if (!values.config) throw usageError('--config <file-or-dir> is required');
  if (!values.calendar) throw usageError('--calendar <id> is required');
  const { calendars, problems } = await loadCalendars(values.config);
  if (problems.length > 0) {
    for (const p of problems) io.out(formatProblem(p));
    io.err(`${values.config}: ${problems.length} calendar problem(s)`);
    return 1;
  }
  const cal = calendars.get(values.calendar);
  if (!cal) throw usageError(`unknown calendar "${values.calendar}"; defined: ${listValues(calendars.keys())}`);

  if (op === 'open') {
    io.out(String(cal.isOpen(instant(values.at ?? values.from, '--at'))));
    return 0;
  }
  const from = instant(values.from, '--from');
  if (op === 'between') {
    io.out(String(cal.between(from, instant(values.to, '--to')) / 1000));
    return 0;
  }
  const given = (['minutes', 'seconds', 'days'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw usageError(`${op} needs exactly one of --minutes, --seconds or --days`);
  const unit = given[0]!;
  const n = Number(values[unit]);
  if (!Number.isFinite(n) || (unit === 'days' && !Number.isInteger(n)))
    throw usageError(`--${unit} must be a number${unit === 'days' ? ' of whole days' : ''}, got "${values[unit]}"`);
  const sign = op === 'add' ? 1 : -1;
  const result =
    unit === 'days'
      ? sign > 0
        ? addBusinessDays(cal, from, n)
        : subtractBusinessDays(cal, from, n)
      : sign > 0
        ? cal.add(from, Math.round(n * (unit === 'minutes' ? 60_000 : 1000)))
        : cal.subtract(from, Math.round(n * (unit === 'minutes' ? 60_000 : 1000)));
  io.out(new Date(result).toISOString());
  return 0;
}

function instant(text: string | undefined, option: string): number {
  if (text === undefined) throw usageError(`${option} <iso> is required`);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || !/\d{4}-\d{2}-\d{2}T/.test(text))
    throw usageError(`${option} must be an ISO-8601 instant like 2026-01-05T09:00:00Z, got "${text}"`);
  return ms;
}

function usageError(message: string): SwitchboardError {
  return new SwitchboardError('SWB_CLI_USAGE', `calendar: ${message}. Usage: ${usage}`);
}
