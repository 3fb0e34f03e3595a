import { DateTime } from 'luxon';
import type { PointedProblem } from '../policy/problem.ts';
import { formatWall, hourMinute, isoDay, wallDate } from '../util/local-time.ts';
import { didYouMean } from '../util/suggest.ts';

/**
 * Script templates: `{{ path }}` or `{{ path | filter }}`. Known placeholders are checked at
 * load time, so a typo never reaches a customer as raw braces.
 */
export const knownPlaceholders = [
  'agent.name',
  'agent.id',
  'group.name',
  'group.id',
  'ticket.id',
  'ticket.number',
  'ticket.subject',
  'ticket.summary',
  'ticket.category',
  'ticket.categoryName',
  'ticket.priority',
  'ticket.channel',
  'ticket.channelName',
  'customer.name',
  'customer.id',
  'sla.firstResponse.due',
  'sla.resolution.due',
  'sla.nextResponse.due',
  'sla.periodicUpdate.due',
] as const;

export const knownFilters = ['time', 'date', 'datetime', 'when', 'upper', 'lower'] as const;

const placeholder = /\{\{\s*([\w.]+)\s*(?:\|\s*(\w+)\s*)?\}\}/g;

/** What a policy adds to the placeholders: `{{fields.<id>}}` and `{{constants.<name>}}`. */
export interface TemplateNames {
  fields?: ReadonlySet<string>;
  constants?: ReadonlySet<string>;
}

/** Problems of one script text (paths are the text's own: ""). */
export function checkTemplate(text: string, names: TemplateNames = {}): PointedProblem[] {
  const problems: PointedProblem[] = [];
  const bad = (message: string) => problems.push({ path: '', code: 'SWB_CONFIG_TEMPLATE', message });
  for (const m of text.matchAll(placeholder)) {
    const [, name = '', filter] = m;
    const [head, rest] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
    if (head === 'fields' || head === 'constants') {
      const known = (head === 'fields' ? names.fields : names.constants) ?? new Set<string>();
      if (!known.has(rest))
        bad(
          `unknown placeholder {{${name}}}${didYouMean(rest, known)}; ${head === 'fields' ? 'declared fields' : 'constants'}: ${[...known].join(', ') || `none (declare it under ${head}:)`}`,
        );
    } else if (!(knownPlaceholders as readonly string[]).includes(name)) {
      bad(
        `unknown placeholder {{${name}}}${didYouMean(name, knownPlaceholders)}; known: ${knownPlaceholders.join(', ')}, fields.<declared field>, constants.<name>`,
      );
    }
    if (filter !== undefined && !(knownFilters as readonly string[]).includes(filter)) {
      bad(`unknown filter "| ${filter}"; known: ${knownFilters.join(', ')}`);
    }
  }
  const opens = (text.match(/\{\{/g) ?? []).length;
  const matched = [...text.matchAll(placeholder)].length;
  if (opens !== matched) bad('a "{{" is not closed by "}}" or holds something other than a placeholder');
  return problems;
}

export interface RenderContext {
  values: Record<string, string | undefined>;
  timezone: string;
  locale: string;
}

/** A template split once: literal text at even indexes, placeholders (name, filter) at odd ones. */
type Pieces = (string | readonly [string, string | undefined])[];

/** Split templates by text; policy texts are few, so the bound only guards against a runaway caller. */
const splitTemplates = new Map<string, Pieces>();
const maxSplitTemplates = 4096;

function piecesOf(text: string): Pieces {
  let pieces = splitTemplates.get(text);
  if (pieces) return pieces;
  pieces = [];
  let last = 0;
  for (const m of text.matchAll(placeholder)) {
    pieces.push(text.slice(last, m.index), [m[1] ?? '', m[2]] as const);
    last = m.index + m[0].length;
  }
  pieces.push(text.slice(last));
  if (splitTemplates.size >= maxSplitTemplates) splitTemplates.clear();
  splitTemplates.set(text, pieces);
  return pieces;
}

/** Renders a checked template; missing values render as an empty string, never as braces. */
export function renderTemplate(text: string, ctx: RenderContext): string {
  const pieces = piecesOf(text);
  if (pieces.length === 1) return text;
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (typeof piece === 'string') out += piece;
    else out += applyFilter(ctx.values[piece[0]] ?? '', piece[1], ctx);
  }
  return out;
}

/** An instant with an explicit offset, as the SLA engine writes deadlines (the fast path). */
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function applyFilter(value: string, filter: string | undefined, ctx: RenderContext): string {
  if (!filter || value === '') return value;
  if (filter === 'upper') return value.toUpperCase();
  if (filter === 'lower') return value.toLowerCase();
  if (!isoInstant.test(value)) return applyFilterSlow(value, filter, ctx);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const wall = wallDate(ms, ctx.timezone);
  if (filter === 'time') return hourMinute(wall);
  if (filter === 'date') return isoDay(wall);
  if (filter === 'when') return spokenWhen(wall, ctx.locale);
  return `${isoDay(wall)} ${hourMinute(wall)}`;
}

/** Other date-like text (no offset, week dates, ...): luxon reads it in the zone. */
function applyFilterSlow(value: string, filter: string, ctx: RenderContext): string {
  const at = DateTime.fromISO(value, { zone: ctx.timezone });
  if (!at.isValid) return value;
  return applyFilter(at.toISO()!, filter, ctx);
}

/**
 * A deadline as a person says it, in the customer's zone and language: "14:30 on Monday",
 * zh "周一 14:30" (scripts add the word for "before": "before {{… | when}}", "{{… | when}}前").
 */
function spokenWhen(wall: Date, locale: string): string {
  const lang = locale.split('-')[0];
  if (lang === 'zh') return `${formatWall(wall, 'zh-CN', { weekday: 'short' })} ${hourMinute(wall)}`;
  if (lang === 'en') return `${hourMinute(wall)} on ${formatWall(wall, 'en', { weekday: 'long' })}`;
  return formatWall(wall, locale, { weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
