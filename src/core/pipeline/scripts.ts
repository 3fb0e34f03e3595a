import type { Policy } from '../policy/types.ts';
import type { Ticket } from '../model/ticket.ts';
import type { Facts } from '../rules/types.ts';
import { renderTemplate } from './template.ts';

/** The locale to speak: the ticket's, else its language, else the policy's, else any. */
export function pickLocale(available: string[], wanted: string, fallback: string): string | undefined {
  const lang = wanted.split('-')[0];
  return (
    available.find((l) => l === wanted) ??
    available.find((l) => l.split('-')[0] === lang) ??
    available.find((l) => l === fallback) ??
    available[0]
  );
}

/** A field's value as a script says it: lists joined, nothing for absent values. */
const spoken = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : Array.isArray(v) ? v.map(String).join(', ') : String(v);

/**
 * Renders the policy's scripts for this ticket, in its locale and time zone, from the ticket as
 * it is now (assignee, deadlines, fields). `only`: the scripts whose `when` holds (default all).
 */
export function renderScripts(
  policy: Policy,
  ticket: Ticket,
  only?: ReadonlySet<string>,
  locale?: string,
): Ticket['scripts'] {
  const out: Ticket['scripts'] = {};
  const agent = ticket.assignee ? policy.agents.get(ticket.assignee) : undefined;
  const group = policy.groups.get(ticket.group);
  const category = policy.categories.get(ticket.category);
  const values: Record<string, string | undefined> = {
    'agent.name': agent?.name ?? group?.name ?? ticket.group,
    'agent.id': ticket.assignee ?? undefined,
    'group.name': group?.name ?? ticket.group,
    'group.id': ticket.group,
    'ticket.id': ticket.id,
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'ticket.summary': ticket.subject,
    'ticket.category': ticket.category,
    'ticket.categoryName': category?.name,
    'ticket.priority': ticket.priority,
    'ticket.channel': ticket.channel,
    'ticket.channelName': policy.channels.get(ticket.channel)?.name,
    'customer.name': ticket.customer.name ?? ticket.customer.id,
    'customer.id': ticket.customer.id,
    'sla.firstResponse.due': ticket.sla.firstResponse?.dueAt,
    'sla.resolution.due': ticket.sla.resolution?.dueAt,
    'sla.nextResponse.due': ticket.sla.nextResponse?.dueAt,
    'sla.periodicUpdate.due': ticket.sla.periodicUpdate?.dueAt,
  };
  for (const [k, v] of Object.entries(ticket.fields)) values[`fields.${k}`] = spoken(v);
  for (const [k, v] of Object.entries(constantsOf(policy))) values[`constants.${k}`] = v;
  const timezone = ticket.customer.timezone ?? policy.timezone;
  for (const [name, script] of Object.entries(policy.doc.scripts ?? {})) {
    if (only && !only.has(name)) continue;
    const { byLocale, locales } = localesOf(script);
    const picked = pickLocale(locales, locale ?? ticket.locale, policy.locale);
    const text = picked ? byLocale[picked] : undefined;
    if (picked && text !== undefined)
      out[name] = { locale: picked, text: renderTemplate(text, { values, timezone, locale: picked }) };
  }
  return out;
}

/** A script's texts and their locales, read once per script of a loaded policy (which never changes). */
const scriptLocales = new WeakMap<object, { byLocale: Record<string, string>; locales: string[] }>();
function localesOf(script: Record<string, unknown>) {
  let held = scriptLocales.get(script);
  if (!held) {
    const byLocale = textsOf(script);
    held = { byLocale, locales: Object.keys(byLocale) };
    scriptLocales.set(script, held);
  }
  return held;
}

/** A script's texts by locale (its `when` is not a text). */
export function textsOf(script: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(script)) if (k !== 'when' && typeof v === 'string') out[k] = v;
  return out;
}

/** The policy's `constants:` (company name, hotline, ...), strings by name. */
export function constantsOf(policy: Policy): Record<string, string> {
  const c = policy.doc.constants;
  return c && typeof c === 'object' ? (c as Record<string, string>) : {};
}

/** The scripts whose `when` holds for these facts (a script without one always applies). */
export async function matchScripts(policy: Policy, facts: Facts): Promise<Set<string>> {
  const all = Object.keys(policy.doc.scripts ?? {});
  const { names, rules } = policy.scriptWhen;
  if (names.size === 0) return new Set(all);
  const held = new Set((await rules.evaluate(facts)).events.map((e) => e.ruleId));
  return new Set(all.filter((name) => !names.has(name) || held.has(name)));
}
