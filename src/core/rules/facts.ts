import type { TicketInput } from '../model/ticket.ts';

/**
 * The facts rules can test. Intake facts exist for every rule set; `priority` exists once the
 * priority step ran (SLA and routing rules). Plugins may add facts; unknown names are load errors.
 */
export interface FactDef {
  name: string;
  description: string;
  /** Pipeline steps whose rules may use the fact. */
  availableIn: readonly RuleStage[];
  /**
   * Plugin facts: computed once per ticket at intake from the input alone (pure, synchronous).
   * Built-in facts have none: the pipeline builds them itself.
   */
  compute?: FactCompute;
}

/** What a computed fact sees besides the ticket input. */
export interface FactComputeContext {
  arrivedAt: Date;
  /** The policy's time zone and the ticket's locale (as the `locale` fact). */
  timezone: string;
  locale: string;
}

export type FactCompute = (input: TicketInput, ctx: FactComputeContext) => unknown;

export type RuleStage = 'classification' | 'priority' | 'sla' | 'routing' | 'automation' | 'trigger';

const all: readonly RuleStage[] = ['classification', 'priority', 'sla', 'routing', 'automation', 'trigger'];
const afterPriority: readonly RuleStage[] = ['sla', 'routing', 'automation', 'trigger'];
const live: readonly RuleStage[] = ['automation', 'trigger'];

export const builtinFacts: readonly FactDef[] = [
  { name: 'channel', description: 'channel id, e.g. "phone"', availableIn: all },
  { name: 'channelKind', description: 'channel kind: voice, online, async, form, social, referral', availableIn: all },
  { name: 'category', description: 'category id, "fault/payment-failed" ("" before classification)', availableIn: all },
  { name: 'categoryGroup', description: 'level-1 category id, e.g. "fault"', availableIn: all },
  { name: 'subject', description: 'ticket subject', availableIn: all },
  { name: 'description', description: 'ticket description ("" when none)', availableIn: all },
  { name: 'text', description: 'subject and description together', availableIn: all },
  { name: 'customer', description: 'the customer object; use path, e.g. $.tier', availableIn: all },
  { name: 'tier', description: 'customer tier, e.g. "vip" ("standard" when none)', availableIn: all },
  { name: 'tags', description: 'list of tags', availableIn: all },
  { name: 'fields', description: 'custom fields object; use path, e.g. $.intent', availableIn: all },
  { name: 'locale', description: 'ticket locale, e.g. "zh-CN"', availableIn: all },
  { name: 'hour', description: 'local hour of arrival (0-23) in the policy time zone', availableIn: all },
  { name: 'weekday', description: 'local weekday of arrival: mon, tue, ... sun', availableIn: all },
  { name: 'priority', description: 'priority level, e.g. "P1"', availableIn: afterPriority },
  // Time-based automations (SLA `automations`) see the live ticket and the clock.
  { name: 'status', description: 'ticket status id, e.g. "pending-customer"', availableIn: live },
  {
    name: 'statusKind',
    description: 'lifecycle kind of the status: new, open, pending, resolved, closed',
    availableIn: live,
  },
  { name: 'group', description: 'group id the ticket is routed to', availableIn: live },
  { name: 'assignee', description: 'agent id of the assignee ("" when unassigned)', availableIn: live },
  { name: 'minutesSinceCreated', description: 'whole minutes since the ticket arrived', availableIn: live },
  {
    name: 'minutesSinceCustomerMessage',
    description: 'whole minutes since the customer last wrote (arrival counts)',
    availableIn: live,
  },
  {
    name: 'minutesSinceAgentMessage',
    description: 'whole minutes since the last public agent reply (-1 when none)',
    availableIn: live,
  },
  {
    name: 'businessMinutesToBreach',
    description:
      'business minutes until the nearest running SLA clock breaches (rounded up; negative when breached; 1000000 when none runs)',
    availableIn: live,
  },
  // Triggers also see the change that ran them.
  {
    name: 'change',
    description:
      'the change that ran the triggers: $.kind (created, updated, replied, status, assigned, tags, fields, sla, task) and $.actor (agent, customer, bot, system, plugin)',
    availableIn: ['trigger'],
  },
  {
    name: 'changed',
    description:
      'what the change changed: $.<attribute>.from and .to (status, priority, group, assignee, category, channel, tags), $.fields.<id>.from and .to',
    availableIn: ['trigger'],
  },
];

export interface FactRegistry {
  has(name: string, stage: RuleStage): boolean;
  names(stage: RuleStage): string[];
  add(def: FactDef): void;
  /** Facts with a `compute` function, in the order they were added. */
  computed(): FactDef[];
}

export function createFactRegistry(extra: FactDef[] = []): FactRegistry {
  const defs = new Map<string, FactDef>();
  const registry: FactRegistry = {
    has: (name, stage) => defs.get(name)?.availableIn.includes(stage) ?? false,
    computed: () => [...defs.values()].filter((d) => d.compute !== undefined),
    names: (stage) => [...defs.values()].filter((d) => d.availableIn.includes(stage)).map((d) => d.name),
    add(def) {
      if (defs.has(def.name)) throw new Error(`fact "${def.name}" is already defined`);
      defs.set(def.name, def);
    },
  };
  for (const def of [...builtinFacts, ...extra]) registry.add(def);
  return registry;
}
