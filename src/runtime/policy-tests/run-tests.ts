import type { Policy } from '../../core/policy/types.ts';
import { createEventBus } from '../../core/events/bus.ts';
import { createMemoryStore } from '../../store/memory.ts';
import type { Ticket } from '../../core/model/ticket.ts';
import { createManualClock } from '../../core/util/clock.ts';
import { formatDuration, parseDuration } from '../../core/util/duration.ts';
import { createSequentialIds } from '../../core/util/ids.ts';
import { createTicketService } from '../ticket-service.ts';
import { createTriggerRunner } from '../trigger-runner.ts';
import { createSlaRunner } from '../sla/sla-runner.ts';
import { silentLogger } from '../../telemetry/logger.ts';
import type { LocatedTest, PolicyTest, PolicyTestStep } from './read-tests.ts';

export const defaultTestArrival = '2026-01-05T09:00:00+08:00';

/** One expectation that did not hold. */
export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface TestResult {
  name: string;
  file: string;
  line: number;
  ok: boolean;
  mismatches: Mismatch[];
  error?: string;
}

/**
 * Runs each test through the real ticket service (pipeline, routing, SLA, scripts) on a fresh
 * memory store and a manual clock set to the test's arrival, so results never depend on the
 * time of day the suite runs or on earlier tests' round-robin turns.
 */
export async function runPolicyTests(policy: Policy, tests: LocatedTest[]): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const { test, file, line } of tests) {
    const base = { name: test.name, file, line };
    try {
      const { ticket, notified } = await decideOne(policy, test);
      const mismatches = compare(test, ticket);
      if (test.expect.notified !== undefined && JSON.stringify(test.expect.notified) !== JSON.stringify(notified))
        mismatches.push({ field: 'notified', expected: test.expect.notified, actual: notified });
      results.push({ ...base, ok: mismatches.length === 0, mismatches });
    } catch (e) {
      results.push({ ...base, ok: false, mismatches: [], error: (e as Error).message });
    }
  }
  return results;
}

async function decideOne(policy: Policy, test: PolicyTest): Promise<{ ticket: Ticket; notified: string[] }> {
  const clock = createManualClock(test.at ?? defaultTestArrival);
  const store = createMemoryStore();
  await store.open();
  const bus = createEventBus({ clock });
  const service = createTicketService({
    store,
    clock,
    ids: createSequentialIds(),
    bus,
    policy: () => policy,
  });
  await service.start();
  const triggers = createTriggerRunner({
    bus,
    apply: service.apply,
    logger: silentLogger,
    policy: () => policy,
    clock,
  });
  const notified: string[] = [];
  const unsubscribe = bus.subscribe('ticket.escalated', (e) => {
    notified.push(...e.recipients);
  });
  // Deadlines fire only when a test lets time pass (`steps: [{ wait }]`).
  const sla = test.steps?.some((s) => 'wait' in s)
    ? createSlaRunner({ store, clock, bus, tickets: service, policy: () => policy, logger: silentLogger })
    : undefined;
  await sla?.start();
  const { ticket } = await service.create({
    ...test.ticket,
    customer: test.ticket.customer ?? { id: 'test-customer' },
  });
  await triggers.idle();
  if (test.then) {
    await service.update(ticket.id, test.then, { actor: 'agent:policy-test' });
    await triggers.idle();
  }
  for (const step of test.steps ?? []) {
    await runStep(step, ticket.id, service, clock);
    await triggers.idle();
  }
  const final = (await store.get(ticket.id)) ?? ticket;
  await sla?.stop();
  unsubscribe();
  triggers.close();
  await store.close();
  return { ticket: final, notified };
}

async function runStep(
  step: PolicyTestStep,
  id: string,
  service: ReturnType<typeof createTicketService>,
  clock: ReturnType<typeof createManualClock>,
): Promise<void> {
  const actor = { actor: 'agent:policy-test' };
  if ('wait' in step) {
    const ms = parseDuration(step.wait);
    if (ms === undefined) throw new Error(`steps: wait "${step.wait}" is not a duration (write 30m, 2h, 3d)`);
    await clock.advance(ms);
  } else if ('status' in step) {
    await service.setStatus(id, step.status, actor);
  } else if ('reply' in step) {
    const assignee = (await service.get(id)).assignee;
    const author =
      step.reply === 'customer'
        ? { type: 'customer' as const }
        : { type: 'agent' as const, ...(assignee ? { id: assignee } : {}) };
    await service.reply(
      id,
      { author, body: `${step.reply} reply`, ...(step.internal ? { internal: true } : {}) },
      actor,
    );
  } else {
    await service.update(id, step.patch, actor);
  }
}

function compare(test: PolicyTest, t: Ticket): Mismatch[] {
  const out: Mismatch[] = [];
  const e = test.expect;
  const check = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && JSON.stringify(expected) !== JSON.stringify(actual))
      out.push({ field, expected, actual });
  };
  check('category', e.category, t.category);
  check('priority', e.priority, t.priority);
  check('group', e.group, t.group);
  check('assignee', e.assignee, t.assignee);
  check(
    'collaborators',
    e.collaborators,
    t.collaborators.map((c) => c.group),
  );
  check('lead', e.lead, t.lead);
  check('sla.policy', e.sla?.policy, t.sla.policyId);
  const arrived = Date.parse(t.createdAt);
  for (const kind of ['firstResponse', 'resolution', 'periodicUpdate'] as const) {
    const want = e.sla?.[kind];
    if (want === undefined) continue;
    const due = t.sla[kind]?.dueAt;
    if (want === 'none') {
      check(`sla.${kind}`, 'none', due ?? 'none');
      continue;
    }
    const ms = parseDuration(want);
    if (ms !== undefined) {
      const actual = due === undefined ? 'none' : formatDuration(Date.parse(due) - arrived);
      if (due === undefined || Date.parse(due) - arrived !== ms)
        out.push({ field: `sla.${kind}`, expected: formatDuration(ms), actual });
    } else if (due === undefined || Date.parse(due) !== Date.parse(want)) {
      out.push({ field: `sla.${kind}`, expected: new Date(want).toISOString(), actual: due ?? 'none' });
    }
  }
  check(
    'triggers',
    e.triggers,
    t.history.flatMap((h) => (h.triggers ?? []).map((r) => r.id)),
  );
  check('tags', e.tags, t.tags);
  check(
    'tasks',
    e.tasks,
    (t.tasks ?? []).map((k) => k.id),
  );
  check('status', e.status, t.status);
  for (const [name, wanted] of Object.entries(e.scripts ?? {})) {
    const text = t.scripts[name]?.text;
    for (const piece of Array.isArray(wanted) ? wanted : [wanted]) {
      if (text === undefined || !text.includes(piece))
        out.push({
          field: `scripts.${name}`,
          expected: `contains ${JSON.stringify(piece)}`,
          actual: text ?? '(no such script)',
        });
    }
  }
  return out;
}
