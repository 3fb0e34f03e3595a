import type { FieldDef, FieldRules } from './field-types.ts';
import type { TriggerDef } from './trigger-types.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import type { FactCompute } from '../rules/facts.ts';
import type { RuleDef, RuleSet } from '../rules/types.ts';
import type { RoutingModel } from './routing-types.ts';

/** Lifecycle kinds; policy statuses each map to one of them. */
export type StatusKind = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

export interface ChannelDef {
  id: string;
  name: string;
  /** voice | online | async | form | social | referral: SLA targets may key on the kind. */
  kind: string;
  answerWithin?: string;
}

export interface CategoryDef {
  id: string;
  name: string;
  description?: string;
  children?: { id: string; name: string; description?: string }[];
}

export interface StatusDef {
  id: string;
  name?: string;
  kind: StatusKind;
}

export interface CalendarDef {
  id: string;
  timezone: string;
  hours?: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string[]>>;
  holidays?: string[];
  overrides?: { date: string; hours: string[] }[];
  breaks?: { date: string; from: string; to: string }[];
}

/** Per priority: a duration, or per-channel durations (channel id, channel kind, or `default`). */
export type TargetByChannel = string | Record<string, string>;

/** The SLA clocks a ticket can carry (see docs/sla.md). */
export type TimerKind = 'firstResponse' | 'nextResponse' | 'periodicUpdate' | 'resolution' | 'pendingConfirmation';
export const timerKinds: readonly TimerKind[] = [
  'firstResponse',
  'nextResponse',
  'periodicUpdate',
  'resolution',
  'pendingConfirmation',
];

/** Per timer kind, per priority level: the target matrix. */
export type TargetMatrix = Partial<Record<TimerKind, Record<string, TargetByChannel>>>;

/**
 * One escalation or automation action; exactly one key. `raise-priority: N` moves N levels
 * toward the most urgent; `reassign: <group id> | group-lead`; `notify: recipients` publishes
 * ticket.escalated with them; `tag: tags`; `set-status: <status>` (automations).
 */
export type SlaAction =
  | { 'raise-priority': number }
  | { reassign: string }
  | { notify: string | string[] }
  | { tag: string | string[] }
  | { 'set-status': string };

export interface EscalationStep {
  /** Time after the breach (wall clock), e.g. 0m, 30m. */
  after: string;
  /** Timers this step applies to; default all except pendingConfirmation. */
  timers?: TimerKind[];
  do: SlaAction[];
}

export interface AutomationDef {
  id: string;
  name?: string;
  when: RuleDef['conditions'];
  do: SlaAction[];
  /** Fire at most once per ticket (default true). */
  once?: boolean;
  /** Only act while the SLA calendar is open (default false). */
  respectBusinessHours?: boolean;
}

export interface SlaDef {
  id: string;
  name?: string;
  calendar?: string;
  when?: RuleDef['conditions'];
  pauseOn?: string[];
  targets: TargetMatrix;
  /** Overrides by customer tier: same shape as targets, merged per timer and priority. */
  tiers?: Record<string, TargetMatrix>;
  warnAt?: string[];
  onBreach?: EscalationStep[];
  /** When pending-confirmation expires: close the ticket (default) or escalate like a breach. */
  onConfirmationExpiry?: 'close' | 'escalate';
  /** Reopening a resolved ticket: the resolution clock resumes what was left (default) or restarts. */
  onReopen?: 'resume' | 'restart';
  automations?: AutomationDef[];
}

/** Scenario follow-ups: when a new ticket matches, its tasks are put on it with due times. */
export interface WorkflowDef {
  id: string;
  name?: string;
  when?: RuleDef['conditions'];
  tasks: WorkflowTaskDef[];
}

/** One timed step (schemas/workflows.schema.json). */
export interface WorkflowTaskDef {
  id: string;
  name?: string;
  /** Due this long after `from`. */
  due?: string;
  /** Due this long before `from` (e.g. a delay notice 48h before a promised date). */
  dueBefore?: string;
  /** `created` (default), `resolved` or `closed` (not started at intake), or `fields.<name>` (an ISO instant). */
  from?: string;
  /** Repeat at this interval once due. */
  repeat?: string;
  /** Keeps coming due (and repeating) after the ticket closed; always so for `from: closed`. */
  afterClose?: boolean;
  when?: RuleDef['conditions'];
  /** `{ group?, agent? }`; a string is `ticket.assignee`, `group-lead` or an agent id. */
  assign?: string | { group?: string; agent?: string };
  script?: string;
  channel?: string;
  /** Count `due` on the SLA calendar (default wall clock). */
  businessHours?: boolean;
}

// --- routing: agents, groups, strategies (see src/routing) ---
/** A skill: a plain name (proficiency 3) or a name with a level 1–5. */
export type SkillDef = string | { name: string; level?: number };

export type RoutingStrategy = 'round-robin' | 'least-loaded' | 'most-spare-capacity';

export interface AgentDef {
  id: string;
  name: string;
  email?: string;
  skills?: SkillDef[];
  languages?: string[];
  /** Open tickets at once: a total, or per channel kind (`{ online: 3, voice: 1, total: 8 }`). */
  capacity?: number | Record<string, number>;
  /** Calendar id of the agent's shift (default: always on shift). */
  calendar?: string;
  /** Out of office: dates (whole days, policy time zone) or ISO date-times. */
  absent?: { from: string; to: string }[];
}

export interface GroupDef {
  id: string;
  name?: string;
  lead?: string;
  members: string[];
  /** Required skills (a level is the minimum proficiency). */
  skills?: SkillDef[];
  strategy?: RoutingStrategy;
  /** Nobody eligible for `after` → the ticket may also go to group `to` (chains). */
  overflow?: { after: string; to: string };
  /** After this long unassigned, the required-skills filter is relaxed. */
  skillsTimeout?: string;
}

export interface RoutingDef {
  groups: GroupDef[];
  strategy?: RoutingStrategy;
  /** Presence of an agent that never reported one (default online). */
  defaultPresence?: 'online' | 'away' | 'offline';
  fallback: string;
  rules?: RuleDef[];
  /** Move a ticket when an update changes the routing rules' answer (default false). */
  rerouteOnChange?: boolean;
}
// --- end routing ---

/** Scripts by name: texts by locale, and an optional `when` (rule conditions) saying when it applies. */
export interface ScriptsDef {
  [name: string]: Record<string, string> & { when?: never };
}

/** A policy as written (after merging files), before compilation. */
export interface PolicyDoc {
  version: 1;
  id: string;
  name?: string;
  timezone?: string;
  locale?: string;
  channels: ChannelDef[];
  categories: CategoryDef[];
  defaultCategory?: string;
  statuses?: StatusDef[];
  classification?: RuleDef[];
  priorities: { levels: string[]; default: string; rules?: RuleDef[] };
  calendars?: CalendarDef[];
  slas: SlaDef[];
  agents?: AgentDef[];
  routing: RoutingDef;
  scripts?: ScriptsDef;
  workflows?: WorkflowDef[];
  fields?: FieldDef[];
  fieldRules?: FieldRules;
  triggers?: TriggerDef[];
  [extra: string]: unknown;
}

export type { BusinessCalendar } from './business-calendar.ts';

export interface CompiledSla {
  def: SlaDef;
  calendar: BusinessCalendar;
  when?: RuleSet;
  pauseOn: ReadonlySet<string>;
  /** Milliseconds, or undefined when this SLA sets no such target. Tier overrides win. */
  target(kind: TimerKind, priority: string, channel: ChannelDef, tier?: string): number | undefined;
  /** Warning offsets as fractions (0.75) or absolute ms before due. */
  warnings: { fraction?: number; before?: number; label: string }[];
  /** Escalation ladder, ascending by `afterMs`. */
  ladder: { afterMs: number; timers: ReadonlySet<TimerKind>; do: SlaAction[] }[];
  automations: { def: AutomationDef; rules: RuleSet }[];
}

export interface CompiledWorkflow {
  def: WorkflowDef;
  when?: RuleSet;
  /** Task-level conditions by task id. */
  taskWhen: ReadonlyMap<string, RuleSet>;
}

/** A validated, compiled, frozen policy: what the runtime decides with. */
export interface Policy {
  readonly doc: PolicyDoc;
  /** Content hash of the merged document. */
  readonly version: string;
  readonly sources: readonly string[];
  readonly channels: ReadonlyMap<string, ChannelDef>;
  /** Every category id, level 1 (`fault`) and level 2 (`fault/payment-failed`). */
  readonly categories: ReadonlyMap<string, { id: string; name: string; parent?: string }>;
  readonly statuses: ReadonlyMap<string, StatusDef>;
  readonly priorities: readonly string[];
  readonly defaultPriority: string;
  readonly calendars: ReadonlyMap<string, BusinessCalendar>;
  readonly slas: readonly CompiledSla[];
  readonly workflows: readonly CompiledWorkflow[];
  readonly agents: ReadonlyMap<string, AgentDef>;
  readonly groups: ReadonlyMap<string, GroupDef>;
  /**
   * Triggers in written order, and one rule set holding every trigger's `when` (its events carry
   * the trigger's index), so one evaluation tells which triggers hold.
   */
  readonly triggers: { readonly defs: readonly TriggerDef[]; readonly rules: RuleSet };
  /**
   * The scripts that have a `when`, and one rule set holding all of them (each rule's id is the
   * script's name), so one evaluation tells which scripts apply.
   */
  readonly scriptWhen: { readonly names: ReadonlySet<string>; readonly rules: RuleSet };
  /** Declared ticket fields by id (empty when the policy declares none). */
  readonly fields: ReadonlyMap<string, FieldDef>;
  /** Undeclared keys in `fields` are refused (`fieldRules.strict`). */
  readonly strictFields: boolean;
  /** Agents, groups and strategies compiled for assignment (src/routing). */
  readonly routing: RoutingModel;
  readonly rules: {
    readonly classification: RuleSet;
    readonly priority: RuleSet;
    readonly routing: RuleSet;
  };
  readonly fallbackGroup: string;
  readonly locale: string;
  readonly timezone: string;
  /** Local hour (0-23) and ISO weekday (1 = Monday) of an instant in the policy time zone. */
  localTime(at: number): { hour: number; weekday: number };
  /** Plugin facts the pipeline computes at intake (from the fact registry at compile time). */
  readonly computedFacts?: readonly { name: string; compute: FactCompute }[];
}
