import type { Reply, Ticket } from '../model/ticket.ts';
import { moveStatus } from '../operations/operations.ts';
import { resolveRecipient } from '../operations/sla-actions.ts';
import { renderScripts } from '../pipeline/scripts.ts';
import type { TriggerAction } from '../policy/trigger-types.ts';
import type { Policy } from '../policy/types.ts';
import { belongsTo, keptAssignee } from '../routing/membership.ts';
import { recomputeSla } from '../sla/recompute.ts';
import { slaOf } from '../sla/ticket-clocks.ts';
import type { PendingEvent } from '../tickets/events.ts';
import { checkFields } from '../tickets/check-fields.ts';
import { diffTickets, finishChange, ownershipMoved, statusKind } from '../tickets/lifecycle.ts';
import { parseDuration } from '../util/duration.ts';
import { baseTaskId, nextTaskId } from '../tasks/task-ids.ts';
import { isUnfinished } from '../tasks/task-state.ts';
import { type TicketChange, triggerFacts } from './trigger-facts.ts';

/** One trigger that fired and what its actions did (the ticket's `trigger` history entry lists them). */
export interface TriggerRun {
  id: string;
  did: string[];
}

export interface TriggersResult {
  ticket: Ticket;
  events: PendingEvent[];
  runs: TriggerRun[];
  /** Plugin actions to run once the ticket is stored. */
  actions: { trigger: string; action: string; params: Record<string, unknown> }[];
}

/**
 * Indexes of the triggers whose `when` holds for `ticket` as `change` left it: one evaluation,
 * the one runTriggers starts with. A caller holding that ticket learns whether anything would
 * fire without reading it again, and can hand the answer to runTriggers (`holding`).
 */
export async function holdingTriggers(
  ticket: Ticket,
  policy: Policy,
  change: TicketChange,
  nowMs: number,
): Promise<ReadonlySet<number>> {
  const { defs, rules } = policy.triggers;
  if (defs.length === 0 || statusKind(policy, ticket.status) === 'closed') return new Set();
  const r = await rules.evaluate(triggerFacts(ticket, policy, nowMs, change));
  return new Set(r.events.map((e) => Number(e.params.index)));
}

/**
 * Runs the policy's triggers after `change` left `ticket` as it is: in written order, each at
 * most once, passes repeated until one fires none (a trigger may fire in a later pass because
 * an earlier one changed what it reads). Every trigger sees the ticket as the triggers before
 * it left it, and `changed` covers the change and what triggers changed since. All of it is one
 * write: one `trigger` history entry listing each trigger and what it did. Undefined when none
 * fires or nothing changed. Pure apart from rule evaluation (async).
 */
export async function runTriggers(
  ticket: Ticket,
  policy: Policy,
  change: TicketChange,
  /** `holding`: holdingTriggers' answer for this very ticket and policy, so it is not evaluated again. */
  ctx: { now: Date; holding?: ReadonlySet<number> },
): Promise<TriggersResult | undefined> {
  const { defs, rules } = policy.triggers;
  if (defs.length === 0 || statusKind(policy, ticket.status) === 'closed') return undefined;
  const nowMs = ctx.now.getTime();
  const fired = new Set<number>();
  const runs: TriggerRun[] = [];
  const events: PendingEvent[] = [];
  const actions: TriggersResult['actions'] = [];
  let t = ticket;
  /** Indexes of the triggers whose `when` holds for the ticket as it is now (one evaluation). */
  const holding = async () => {
    const facts = triggerFacts(t, policy, nowMs, { ...change, changes: sinceChange(change, ticket, t) });
    const r = await rules.evaluate(facts);
    return new Set(r.events.map((e) => Number(e.params.index)));
  };
  // Sequential semantics with one evaluation per state: within a pass, the next trigger to fire
  // is the first after the last one fired whose `when` holds now; a pass that fired any starts
  // another from the top.
  // The evaluation is redone only when the ticket changed since the last one (a pass that starts
  // on the state the previous pass ended with reuses its answer).
  let now = ctx.holding ?? (await holding());
  let evaluated = t;
  for (let pass = 0; pass <= defs.length; pass++) {
    let any = false;
    if (evaluated !== t) {
      now = await holding();
      evaluated = t;
    }
    for (let i = 0; i < defs.length; i++) {
      if (fired.has(i) || !now.has(i)) continue;
      const def = defs[i] as (typeof defs)[number];
      fired.add(i);
      any = true;
      const did: string[] = [];
      const before = t;
      for (const action of def.do)
        t = applyAction(t, policy, action, { now: ctx.now, trigger: def.id, did, events, actions });
      runs.push({ id: def.id, did });
      if (t !== before) {
        now = await holding();
        evaluated = t;
      }
    }
    if (!any) break;
  }
  // a trigger that fired but changed nothing (also one that set a value the ticket had) and said
  // nothing is not worth a write
  const unchanged =
    t === ticket || (t.replies.length === ticket.replies.length && Object.keys(diffTickets(ticket, t)).length === 0);
  if (runs.length === 0 || (unchanged && events.length === 0 && actions.length === 0)) return undefined;
  if (t !== ticket) events.push(...ownershipMoved(ticket, t));
  const done = finishChange(
    ticket,
    t,
    {
      now: ctx.now,
      actor: 'trigger',
      type: 'trigger',
      policyVersion: policy.version,
      note: runs.map((r) => `${r.id}: ${r.did.join('; ') || 'no change'}`).join(' | '),
    },
    events,
  );
  const entry = done.ticket.history.at(-1);
  if (entry) entry.triggers = runs;
  return { ticket: done.ticket, events: done.events, runs, actions };
}

/** The change as a later trigger sees it: the original change, then what triggers changed since. */
function sinceChange(change: TicketChange, after: Ticket, now: Ticket): TicketChange['changes'] {
  if (after === now) return change.changes;
  const out = { ...change.changes };
  for (const [key, [, to]] of Object.entries(diffTickets(after, now))) {
    const from = change.changes[key]?.[0] ?? (after as unknown as Record<string, unknown>)[key];
    out[key] = [from, to];
  }
  return out;
}

interface ActionContext {
  now: Date;
  trigger: string;
  did: string[];
  events: PendingEvent[];
  actions: TriggersResult['actions'];
}

function applyAction(t: Ticket, policy: Policy, action: TriggerAction, ctx: ActionContext): Ticket {
  const { did } = ctx;
  const nowMs = ctx.now.getTime();
  if ('set' in action) {
    const set = action.set;
    let next: Ticket = { ...t };
    if (set.priority !== undefined && set.priority !== t.priority) {
      next.priority = set.priority;
      did.push(`priority ${t.priority} → ${set.priority}`);
      const sla = slaOf(policy, next);
      if (sla) next = { ...next, sla: recomputeSla(next, policy, sla, nowMs) };
    }
    if (set.group !== undefined && set.group !== next.group) {
      did.push(`group ${next.group} → ${set.group}`);
      next = { ...next, group: set.group, assignee: keptAssignee(policy, set.group, next.assignee) };
    }
    if (set.assignee !== undefined && set.assignee !== next.assignee) {
      if (set.assignee === null || belongsTo(policy, next.group, set.assignee)) {
        did.push(`assignee ${next.assignee ?? 'nobody'} → ${set.assignee ?? 'nobody'}`);
        next = { ...next, assignee: set.assignee };
      } else did.push(`assignee ${set.assignee} not set: does not belong to ${next.group}`);
    }
    if (set.fields) {
      try {
        checkFields(policy, set.fields);
        const fields = { ...next.fields };
        for (const [k, v] of Object.entries(set.fields)) {
          if (v === null) delete fields[k];
          else fields[k] = v;
        }
        next = { ...next, fields };
        did.push(`fields ${Object.keys(set.fields).join(', ')}`);
      } catch (e) {
        did.push(`fields not set: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (set.status !== undefined && set.status !== next.status && statusKind(policy, next.status) !== 'closed') {
      did.push(`status ${next.status} → ${set.status}`);
      next = moveStatus(next, set.status, { now: ctx.now, actor: 'trigger', policy }, ctx.events).after;
    }
    return next;
  }
  if ('add-tags' in action) {
    const add = action['add-tags'].filter((x) => !t.tags.includes(x));
    if (add.length === 0) return t;
    did.push(`tags +${add.join(', +')}`);
    return { ...t, tags: [...t.tags, ...add] };
  }
  if ('remove-tags' in action) {
    const drop = new Set(action['remove-tags'].filter((x) => t.tags.includes(x)));
    if (drop.size === 0) return t;
    did.push(`tags -${[...drop].join(', -')}`);
    return { ...t, tags: t.tags.filter((x) => !drop.has(x)) };
  }
  if ('task' in action) {
    const def = action.task;
    const base = `${ctx.trigger}/${def.id}`;
    // one unfinished task per definition; after it finished, the trigger may add the next one
    if ((t.tasks ?? []).some((k) => baseTaskId(k.id) === base && isUnfinished(k))) return t;
    const id = nextTaskId(t.tasks ?? [], base);
    const dueMs = nowMs + (parseDuration(def.due) ?? 0);
    const task = {
      id,
      name: def.name,
      dueAt: new Date(dueMs).toISOString(),
      state: 'open' as const,
      createdAt: ctx.now.toISOString(),
      reason: `trigger ${ctx.trigger}`,
      ...(def.assignee !== undefined ? { assignee: def.assignee } : {}),
      ...(def.group !== undefined ? { group: def.group } : {}),
    };
    did.push(`task ${id} due ${task.dueAt}`);
    const next = { ...t, tasks: [...(t.tasks ?? []), task] };
    ctx.events.push({ type: 'task.created', data: { ticket: next, task } });
    return next;
  }
  if ('reply' in action) {
    const { script, internal, author } = action.reply;
    const rendered = renderScripts(policy, t, new Set([script]))[script];
    if (!rendered) {
      did.push(`reply ${script}: no text for locale ${t.locale}`);
      return t;
    }
    const reply: Reply = {
      id: `r_${t.id}_${t.replies.length + 1}`,
      author: author === 'system' ? { type: 'system', name: 'system' } : { type: 'bot', name: 'bot' },
      body: rendered.text,
      at: ctx.now.toISOString(),
      ...(internal ? { internal: true } : {}),
    };
    did.push(`${internal ? 'note' : 'reply'} ${script} (${rendered.locale})`);
    const next = { ...t, replies: [...t.replies, reply] };
    ctx.events.push({ type: 'ticket.replied', data: { ticket: next, reply } });
    return next;
  }
  if ('notify' in action) {
    const recipients = [action.notify]
      .flat()
      .map((who) => resolveRecipient(t, policy, who))
      .filter((x): x is string => x !== undefined);
    did.push(`notify ${recipients.join(', ')}`);
    ctx.events.push({ type: 'trigger.notify', data: { ticket: t, trigger: ctx.trigger, recipients } });
    return t;
  }
  ctx.actions.push({ trigger: ctx.trigger, action: action.action, params: action.params ?? {} });
  did.push(`action ${action.action}`);
  return t;
}
