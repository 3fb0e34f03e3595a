import { DateTime } from 'luxon';

/**
 * Script templates: `{{ path }}` or `{{ path | filter }}`. Known placeholders are checked at
 * load time, so a typo never reaches a customer as raw braces.
 */
export const knownPlaceholders = [
  'agent.name', 'agent.id', 'group.name', 'group.id',
  'ticket.id', 'ticket.number', 'ticket.subject', 'ticket.summary', 'ticket.category',
  'ticket.categoryName', 'ticket.priority', 'ticket.channel', 'ticket.channelName',
  'customer.name', 'customer.id',
  'sla.firstResponse.due', 'sla.resolution.due', 'sla.nextResponse.due', 'sla.periodicUpdate.due',
] as const;

export const knownFilters = ['time', 'date', 'datetime', 'when', 'upper', 'lower'] as const;

const placeholder = /\{\{\s*([\w.]+)\s*(?:\|\s*(\w+)\s*)?\}\}/g;

export interface TemplateProblem {
  message: string;
}

export function checkTemplate(text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const m of text.matchAll(placeholder)) {
    const [, name = '', filter] = m;
    if (!(knownPlaceholders as readonly string[]).includes(name)) {
      problems.push({ message: `unknown placeholder {{${name}}}; known: ${knownPlaceholders.join(', ')}` });
    }
    if (filter !== undefined && !(knownFilters as readonly string[]).includes(filter)) {
      problems.push({ message: `unknown filter "| ${filter}"; known: ${knownFilters.join(', ')}` });
    }
  }
  const opens = (text.match(/\{\{/g) ?? []).length;
  const matched = [...text.matchAll(placeholder)].length;
  if (opens !== matched) problems.push({ message: 'a "{{" is not closed by "}}" or holds something other than a placeholder' });
  return problems;
}

export interface RenderContext {
  values: Record<string, string | undefined>;
  timezone: string;
  locale: string;
}

/** Renders a checked template; missing values render as an empty string, never as braces. */
export function renderTemplate(text: string, ctx: RenderContext): string {
  return text.replace(placeholder, (_all, name: string, filter?: string) => {
    const value = ctx.values[name] ?? '';
    return applyFilter(value, filter, ctx);
  });
}

function applyFilter(value: string, filter: string | undefined, ctx: RenderContext): string {
  if (!filter || value === '') return value;
  if (filter === 'upper') return value.toUpperCase();
  if (filter === 'lower') return value.toLowerCase();
  const at = DateTime.fromISO(value, { zone: ctx.timezone }).setLocale(ctx.locale);
  if (!at.isValid) return value;
  if (filter === 'time') return at.toFormat('HH:mm');
  if (filter === 'date') return at.toFormat('yyyy-MM-dd');
  if (filter === 'when') return spokenWhen(at, ctx.locale);
  return at.toFormat('yyyy-MM-dd HH:mm');
}

/**
 * A deadline as a person says it, in the customer's zone and language: "14:30 on Monday",
 * zh "周一 14:30" (scripts add the word for "before": "before {{… | when}}", "{{… | when}}前").
 */
function spokenWhen(at: DateTime, locale: string): string {
  const lang = locale.split('-')[0];
  if (lang === 'zh') return `${at.setLocale('zh-CN').toFormat('ccc')} ${at.toFormat('HH:mm')}`;
  if (lang === 'en') return `${at.toFormat('HH:mm')} on ${at.setLocale('en').toFormat('cccc')}`;
  return at.toLocaleString({ weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
