/**
 * Actions: named side effects that rules, escalations and hooks can trigger
 * (`{ type: 'action', params: { action: 'webhook.send', ... } }`). Built-in actions (SLA
 * escalations: raise-priority, reassign, notify, tag) and plugins' register here; rules are
 * checked against the registry at load time, so a misspelt action is a load error.
 * The registry only holds definitions; carrying an action out is the shell's job.
 */
import type { Ticket } from '../model/ticket.ts';

/** Why an action runs: a rule that fired at intake, an SLA escalation, or a hook. */
export interface ActionTrigger {
  kind: 'rule' | 'escalation' | 'hook';
  /** The rule id (rules) or escalation id (escalations). */
  id?: string;
  /** The event that led to the action, e.g. "sla.breached". */
  event?: string;
}

/** What an action gets besides its params. The shell fills `services` with what it offers. */
export interface ActionContext {
  ticket: Ticket;
  trigger: ActionTrigger;
  /** Shell services (ticket operations, logger, ...), typed by the runner that provides them. */
  services: Record<string, unknown>;
}

export interface ActionDef<P = Record<string, unknown>> {
  /** Plugin actions are namespaced `<plugin>.<action>`; built-ins are bare (`raise-priority`). */
  name: string;
  description?: string;
  /** Load-time check of a rule's params (without `action`); returns problem messages. */
  checkParams?: (params: Record<string, unknown>) => string[];
  run(ctx: ActionContext, params: P): void | Promise<void>;
  /** Who registered it ("switchboard" for built-ins, else the plugin name). */
  owner?: string;
}

export interface ActionRegistry {
  has(name: string): boolean;
  get(name: string): ActionDef | undefined;
  names(): string[];
  add(def: ActionDef): void;
}

export function createActionRegistry(extra: ActionDef[] = []): ActionRegistry {
  const defs = new Map<string, ActionDef>();
  const registry: ActionRegistry = {
    has: (name) => defs.has(name),
    get: (name) => defs.get(name),
    names: () => [...defs.keys()],
    add(def) {
      if (defs.has(def.name)) throw new Error(`action "${def.name}" is already defined`);
      defs.set(def.name, def);
    },
  };
  for (const def of extra) registry.add(def);
  return registry;
}
