import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/policy/types.ts';
import { runPipeline, type PipelineResult } from '../../src/core/pipeline/run-pipeline.ts';
import type { TraceStep } from '../../src/core/pipeline/trace.ts';
import type { TicketInput } from '../../src/core/model/ticket.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createSequentialIds } from '../../src/core/util/ids.ts';
import { loadBasePolicy, policyFromText } from '../helpers/base-policy.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = '2026-01-05T09:00:00.000Z'; // 17:00 in Asia/Shanghai, the base preset's zone
const at = (iso: string, plusMs: number) => new Date(Date.parse(iso) + plusMs).toISOString();

let policy: Policy;
beforeAll(async () => {
  policy = await loadBasePolicy();
});

/** Runs the pipeline the way the service does: fixed clock, sequential ids, carried cursors. */
function makeRunner(p: () => Policy = () => policy) {
  const clock = createManualClock(T0);
  const ids = createSequentialIds();
  let cursors: Record<string, number> = {};
  let n = 0;
  return {
    clock,
    get cursors() {
      return cursors;
    },
    async run(input: TicketInput): Promise<PipelineResult> {
      n += 1;
      const result = await runPipeline(p(), input, {
        id: ids('t'),
        number: `20260105${String(n).padStart(3, '0')}`,
        now: clock.now(),
        actor: `channel:${input.channel}`,
        cursors: () => cursors,
      });
      cursors = { ...cursors, ...result.cursors };
      return result;
    },
  };
}

const vipPayment = (channel: string): TicketInput => ({
  channel,
  subject: '支付失败,无法下单',
  customer: { id: 'cus_vip', name: '张先生', tier: 'vip' },
});

const step = (trace: TraceStep[], name: TraceStep['step']) => {
  const s = trace.find((t) => t.step === name);
  if (!s) throw new Error(`no ${name} step in trace`);
  return s;
};

describe('pipeline on the base preset: classify, prioritize, SLA, route', () => {
  it('VIP payment failure on the phone → fault/payment-failed, P0, vip-desk + tech-ops, 5 min / 2 h', async () => {
    const { ticket } = await makeRunner().run(vipPayment('phone'));
    expect(ticket.category).toBe('fault/payment-failed');
    expect(ticket.priority).toBe('P0');
    expect(ticket.group).toBe('vip-desk');
    expect(ticket.assignee).toBe('he');
    expect(ticket.collaborators).toEqual([{ group: 'tech-ops', assignee: 'wang' }]);
    expect(ticket.status).toBe('new');
    expect(ticket.sla.policyId).toBe('standard');
    expect(ticket.sla.firstResponse).toMatchObject({
      startedAt: T0,
      dueAt: at(T0, 5 * MIN),
      targetMs: 5 * MIN,
      state: 'running',
    });
    expect(ticket.sla.resolution).toMatchObject({
      startedAt: T0,
      dueAt: at(T0, 2 * HOUR),
      targetMs: 2 * HOUR,
      state: 'running',
    });
    // warnings at 75 % and 15 min before due, both inside the window
    expect(ticket.sla.resolution?.warnAt).toEqual([at(T0, 90 * MIN), at(T0, 105 * MIN)]);
  });

  it('the same text on chat (online) → first response within 10 min, resolution still 2 h', async () => {
    const { ticket } = await makeRunner().run(vipPayment('chat'));
    expect(ticket.priority).toBe('P0');
    expect(ticket.sla.firstResponse?.dueAt).toBe(at(T0, 10 * MIN));
    expect(ticket.sla.resolution?.dueAt).toBe(at(T0, 2 * HOUR));
  });

  it('an account question by email → inquiry/account, P2, product-support, first response 2 h, resolution 48 h', async () => {
    const { ticket } = await makeRunner().run({
      channel: 'email',
      subject: '请问如何注册企业账号?',
      customer: { id: 'cus_1', name: '李女士' },
    });
    expect(ticket.category).toBe('inquiry/account');
    expect(ticket.priority).toBe('P2');
    expect(ticket.group).toBe('product-support');
    expect(ticket.collaborators).toEqual([]);
    expect(ticket.sla.firstResponse?.dueAt).toBe(at(T0, 2 * HOUR));
    expect(ticket.sla.resolution?.dueAt).toBe(at(T0, 48 * HOUR));
  });

  it('category and priority given in the input win over the rules (by: input)', async () => {
    const { ticket, trace } = await makeRunner().run({
      channel: 'phone',
      subject: '支付失败',
      category: 'complaint/service-attitude',
      priority: 'P3',
      customer: { id: 'cus_2' },
    });
    expect(ticket.category).toBe('complaint/service-attitude');
    expect(ticket.decisions.category).toEqual({ value: 'complaint/service-attitude', by: 'input' });
    expect(ticket.priority).toBe('P3');
    expect(ticket.decisions.priority).toEqual({ value: 'P3', by: 'input' });
    // later steps use the input values: the complaint desk, P3 phone targets
    expect(ticket.group).toBe('complaints');
    expect(ticket.sla.firstResponse?.dueAt).toBe(at(T0, 30 * MIN));
    expect(ticket.sla.resolution?.dueAt).toBe(at(T0, 30 * 24 * HOUR));
    expect(step(trace, 'classify')).toMatchObject({ by: 'input', decision: 'complaint/service-attitude' });
    expect(step(trace, 'classify').rules).toBeUndefined();
  });

  it('no rule fires → default category and default priority (by: default)', async () => {
    const { ticket } = await makeRunner().run({ channel: 'form', subject: 'Hello there', customer: { id: 'cus_3' } });
    expect(ticket.decisions.category).toEqual({ value: 'inquiry', by: 'default' });
    expect(ticket.decisions.priority).toEqual({ value: 'P2', by: 'default' });
    expect(ticket.decisions.priority.ruleId).toBeUndefined();
  });

  it('no routing rule matches → the fallback group (by: fallback)', async () => {
    const small = policyFromText(`version: 1
id: small
channels: [{ id: email, kind: async }]
categories: [{ id: fault }, { id: inquiry }]
defaultCategory: inquiry
priorities: { levels: [P1, P2], default: P2 }
agents: [{ id: ann, name: Ann }, { id: bo, name: Bo }]
routing:
  fallback: frontline
  groups:
    - { id: frontline, members: [ann] }
    - { id: tech, members: [bo] }
  rules:
    - id: faults-to-tech
      conditions: { all: [ { fact: categoryGroup, operator: equal, value: fault } ] }
      event: { type: route, params: { group: tech } }
slas:
  - id: std
    targets: { firstResponse: { P1: 1h, P2: 4h }, resolution: { P1: 1d, P2: 3d } }
`);
    const runner = makeRunner(() => small);
    const { ticket, trace } = await runner.run({ channel: 'email', subject: 'question', customer: { id: 'c' } });
    expect(ticket.group).toBe('frontline');
    expect(ticket.decisions.group).toEqual({ value: 'frontline', by: 'fallback' });
    expect(ticket.assignee).toBe('ann');
    expect(step(trace, 'route').rules).toEqual([{ ruleId: 'faults-to-tech', passed: false }]);
    const fault = await runner.run({ channel: 'email', subject: 'x', category: 'fault', customer: { id: 'c' } });
    expect(fault.ticket.decisions.group).toEqual({ value: 'tech', by: 'rule', ruleId: 'faults-to-tech' });
  });
});

describe('pipeline: round-robin assignment', () => {
  const inquiry = (i: number): TicketInput => ({
    channel: 'email',
    subject: `账号问题 ${i}`,
    customer: { id: `c${i}` },
  });

  it('hands consecutive tickets of a group to its members in turn, wrapping around', async () => {
    const runner = makeRunner();
    const picks: (string | null)[] = [];
    for (let i = 0; i < 4; i++) picks.push((await runner.run(inquiry(i))).ticket.assignee);
    expect(picks).toEqual(['chen', 'sun', 'zhou', 'chen']);
  });

  it('returns the advanced cursor as an effect and does not touch the cursors it was given', async () => {
    const given = Object.freeze({ 'product-support': 1 });
    const result = await runPipeline(policy, inquiry(1), {
      id: 't_9',
      number: '20260105009',
      now: new Date(T0),
      actor: 'test',
      cursors: () => given,
    });
    expect(result.ticket.assignee).toBe('zhou'); // the member after index 1
    expect(result.cursors).toEqual({ 'product-support': 2 });
    expect(given).toEqual({ 'product-support': 1 });
  });

  it('cursors are per group: a VIP ticket advances vip-desk and tech-ops (collaborator), not product-support', async () => {
    const runner = makeRunner();
    const first = await runner.run(vipPayment('phone'));
    expect(first.cursors).toEqual({ 'vip-desk': 0, 'tech-ops': 0 });
    const second = await runner.run(vipPayment('phone'));
    expect(second.ticket.assignee).toBe('lin');
    expect(second.ticket.collaborators).toEqual([{ group: 'tech-ops', assignee: 'li' }]);
    const inquiryTicket = await runner.run(inquiry(1));
    expect(inquiryTicket.ticket.assignee).toBe('chen');
    expect(runner.cursors).toEqual({ 'vip-desk': 1, 'tech-ops': 1, 'product-support': 0 });
  });

  it('publishes ticket.created then ticket.assigned with the assignee and collaborators', async () => {
    const { events, ticket } = await makeRunner().run(vipPayment('phone'));
    expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned']);
    expect(events[1]?.data).toMatchObject({ assignee: 'he', previous: null, collaborators: ticket.collaborators });
  });
});

describe('pipeline: decisions and trace explain every choice', () => {
  it('decisions record the rule ids that decided and the policy version', async () => {
    const { ticket } = await makeRunner().run(vipPayment('phone'));
    expect(ticket.decisions).toEqual({
      policyVersion: policy.version,
      category: { value: 'fault/payment-failed', by: 'rule', ruleId: 'payment-failed-words' },
      priority: { value: 'P0', by: 'rule', ruleId: 'blocked-purchase-is-p0' },
      sla: { value: 'standard', by: 'default', ruleId: 'standard' },
      group: { value: 'vip-desk', by: 'rule', ruleId: 'vip-dedicated-plus-tech' },
      assignee: { value: 'he', by: 'round-robin' },
    });
    expect(policy.version).toMatch(/^[0-9a-f]{12}$/);
    expect(ticket.history).toEqual([
      { at: T0, actor: 'channel:phone', type: 'created', policyVersion: policy.version },
    ]);
  });

  it('the trace lists the outcome of every rule of every rule step, highest priority first', async () => {
    const { trace } = await makeRunner().run(vipPayment('phone'));
    expect(trace.map((s) => s.step)).toEqual(['classify', 'prioritize', 'sla', 'route', 'assign', 'script']);
    const ids = (list: readonly { id: string }[]) => [...list].map((r) => r.id).sort();
    const outcomeIds = (s: TraceStep) => (s.rules ?? []).map((r) => r.ruleId).sort();
    expect(outcomeIds(step(trace, 'classify'))).toEqual(ids(policy.rules.classification.rules));
    expect(outcomeIds(step(trace, 'prioritize'))).toEqual(ids(policy.rules.priority.rules));
    expect(outcomeIds(step(trace, 'route'))).toEqual(ids(policy.rules.routing.rules));
    expect(step(trace, 'sla').rules).toEqual([
      { ruleId: 'complaints', passed: false },
      { ruleId: 'out-of-scope', passed: false },
      { ruleId: 'standard', passed: true },
    ]);

    const passed = (s: TraceStep) => (s.rules ?? []).filter((r) => r.passed).map((r) => r.ruleId);
    // both keyword rules match the text; the higher-priority one decided
    expect(passed(step(trace, 'classify'))).toEqual(['payment-failed-words', 'cannot-order-words']);
    expect(step(trace, 'classify').ruleId).toBe('payment-failed-words');
    expect(passed(step(trace, 'prioritize'))).toEqual([
      'blocked-purchase-is-p0',
      'faults-are-p1',
      'vip-is-at-least-p1',
    ]);
    expect(passed(step(trace, 'route'))).toEqual(['vip-dedicated-plus-tech', 'faults-to-tech-ops']);
    expect(step(trace, 'route').decision).toEqual({ group: 'vip-desk', collaborators: ['tech-ops'] });
    expect(step(trace, 'assign').decision).toEqual({
      assignee: 'he',
      collaborators: [{ group: 'tech-ops', assignee: 'wang' }],
    });
  });
});

describe('pipeline: scripts', () => {
  // resolution due 11:00Z = 19:00 in Asia/Shanghai
  it('renders every script in zh-CN by default, with the agent, the subject and the due time', async () => {
    const { ticket } = await makeRunner().run(vipPayment('phone'));
    // The scripts without a `when`, the hotline greeting (a phone ticket) and the engineer visit (a fault).
    expect(Object.keys(ticket.scripts).sort()).toEqual([
      'confirmationReminder',
      'delayNotice',
      'deliveryCallBack',
      'engineerVisit',
      'firstResponse',
      'hotlineGreeting',
      'research',
      'resolutionConfirm',
      'slowApology',
    ]);
    const first = ticket.scripts.firstResponse;
    expect(first?.locale).toBe('zh-CN');
    expect(first?.text).toBe(
      '您好,我是客服何佳 He Jia,很高兴为您服务。您提到的是“支付失败,无法下单”,对吗?我已记录您的问题(工单号 20260105001),将在2026-01-05 19:00前为您跟进处理。',
    );
    expect(ticket.locale).toBe('zh-CN');
  });

  it('renders in English for locale "en"', async () => {
    const { ticket } = await makeRunner().run({ ...vipPayment('phone'), locale: 'en' });
    expect(ticket.locale).toBe('en');
    expect(ticket.scripts.firstResponse).toEqual({
      locale: 'en',
      text: 'Hello, I\'m 何佳 He Jia, happy to help. You mentioned "支付失败,无法下单", is that right? I\'ve recorded it as ticket 20260105001 and will follow up before 2026-01-05 19:00.',
    });
    expect(ticket.scripts.research?.locale).toBe('en');
  });

  it('a customer locale is used when the ticket names none; a language match counts (en-GB → en)', async () => {
    const { ticket } = await makeRunner().run({
      ...vipPayment('phone'),
      customer: { id: 'c', tier: 'vip', locale: 'en-GB' },
    });
    expect(ticket.scripts.firstResponse?.locale).toBe('en');
  });
});

describe('pipeline: arrival time', () => {
  it('createdAt in the past → deadlines run from createdAt, not from now', async () => {
    const runner = makeRunner();
    runner.clock.set('2026-01-05T12:00:00.000Z');
    const createdAt = '2026-01-05T11:30:00.000Z';
    const { ticket } = await runner.run({ ...vipPayment('phone'), createdAt });
    expect(ticket.createdAt).toBe(createdAt);
    expect(ticket.sla.firstResponse).toMatchObject({ startedAt: createdAt, dueAt: at(createdAt, 5 * MIN) });
    expect(ticket.sla.resolution?.dueAt).toBe(at(createdAt, 2 * HOUR));
    // the record of the intake itself is stamped with the processing time
    expect(ticket.updatedAt).toBe('2026-01-05T12:00:00.000Z');
    expect(ticket.history[0]?.at).toBe('2026-01-05T12:00:00.000Z');
  });
});
