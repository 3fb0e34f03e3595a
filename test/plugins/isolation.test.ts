import { describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/index.ts';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { hookNames } from '../../src/plugins/hooks.ts';
import { makeSwitchboard, policyText, ticket } from './helpers.ts';

const boom = (where: string) => () => {
  throw new Error(`boom in ${where}`);
};

/** Throws from everything it can: every hook, its fact, its operator, its action, its listener. */
const broken = definePlugin({
  name: 'broken',
  version: '0.0.1',
  switchboard: '*',
  setup(host) {
    for (const h of hookNames) host.on(h, boom(h));
    host.addFact({ name: 'brokenFact', description: 'always throws', compute: boom('fact') });
    host.addOperator({ name: 'brokenOp', description: 'always throws', evaluate: boom('operator') });
    host.addAction({ name: 'explode', run: boom('action') });
    host.events.subscribe('*', boom('listener'));
  },
});

const rules = `${[
  '    - { id: r1, conditions: { all: [{ fact: brokenFact, operator: equal, value: 1 }] }, event: { type: set-priority, params: { priority: P1 } } }',
  '    - { id: r2, conditions: { all: [{ fact: subject, operator: brokenOp, value: x }] }, event: { type: set-priority, params: { priority: P1 } } }',
  '    - { id: r3, conditions: { all: [{ fact: channel, operator: equal, value: web }] }, event: { type: action, params: { action: broken.explode } } }',
].join('\n')}\n`;

describe('isolation: a plugin that throws everywhere loses nothing', () => {
  it('stores every ticket, publishes every event and reports plugin.error', async () => {
    const logged: string[] = [];
    const logger = { info() {}, warn() {}, error: (m: string) => logged.push(m) };
    const sb = await makeSwitchboard(policyText('', rules), { plugins: [broken], logger });
    const events: SwitchboardEvent[] = [];
    sb.events.subscribe('*', (e) => events.push(e));

    const created = [];
    for (let i = 0; i < 5; i++) created.push((await sb.tickets.create(ticket(`ticket ${i}`))).ticket);
    await sb.tickets.setStatus(created[0]!.id, 'open');
    await sb.plugins.settled();

    const stored = await sb.store.list({});
    expect(stored.items.map((t) => t.id).sort()).toEqual(created.map((t) => t.id).sort());
    // Throwing fact and operator count as undefined/false: the default priority applies.
    expect(created.map((t) => t.priority)).toEqual(['P2', 'P2', 'P2', 'P2', 'P2']);
    expect(events.filter((e) => e.type === 'ticket.created')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'ticket.updated')).toHaveLength(1);

    await sb.close();
    const errors = events
      .filter((e): e is SwitchboardEvent<'plugin.error'> => e.type === 'plugin.error')
      .map(({ type: _t, seq: _s, at: _a, ...payload }) => payload);
    expect(errors.every((e) => e.plugin === 'broken')).toBe(true);
    const where = new Set(errors.map((e) => e.where));
    for (const w of [
      'beforeCreate',
      'afterCreate',
      'onStatusChange',
      'onClose',
      'fact brokenFact',
      'operator brokenOp (evaluate)',
      'action broken.explode',
      'listener ticket.created',
    ]) {
      expect(where, w).toContain(w);
    }
    expect(errors.find((e) => e.where === 'afterCreate')?.ticketId).toBe(created[0]!.id);
    // onReady ran inside createSwitchboard, before anyone could subscribe: it is in the log.
    expect(logged).toContain('plugin "broken" failed in onReady: boom in onReady');
  });

  it('a hook that never returns is cut off at the time limit and creation goes on', async () => {
    const hanging = definePlugin({
      name: 'hanging',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.on('beforeCreate', () => new Promise(() => {}));
        host.on('afterCreate', () => new Promise(() => {}));
      },
    });
    const sb = await makeSwitchboard(policyText(), { plugins: [hanging], pluginHookTimeoutMs: 50 });
    const errors: string[] = [];
    sb.events.subscribe('plugin.error', (e) => errors.push(`${e.where}: ${e.message}`));
    const { ticket: t } = await sb.tickets.create(ticket('still here'));
    await sb.plugins.settled();
    expect(await sb.tickets.get(t.id)).toMatchObject({ subject: 'still here' });
    expect(errors).toEqual([
      'beforeCreate: hook beforeCreate did not finish within 50 ms',
      'afterCreate: hook afterCreate did not finish within 50 ms',
    ]);
    await sb.close();
  });
});

describe('hooks and actions do their work', () => {
  it('beforeCreate annotates tags and fields; rule actions run after the ticket is stored', async () => {
    const ran: { ticket: string; params: unknown; stored: boolean }[] = [];
    const helper = definePlugin({
      name: 'helper',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.on('beforeCreate', () => ({
          tags: ['seen-by-helper'],
          fields: { source: 'helper', intent: 'ignored' },
        }));
        host.addAction({
          name: 'note',
          optionsSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
          async run(ctx, params) {
            const stored = await ctx.services.tickets.get(ctx.ticket.id).then(
              () => true,
              () => false,
            );
            ran.push({ ticket: ctx.ticket.id, params, stored });
          },
        });
      },
    });
    const rule =
      '    - { id: note-it, conditions: { all: [{ fact: tags, operator: contains, value: seen-by-helper }] }, event: { type: action, params: { action: helper.note, text: hi } } }\n';
    const sb = await makeSwitchboard(policyText('', rule), { plugins: [helper] });
    const { ticket: t, trace } = await sb.tickets.create(ticket('tagged', { fields: { intent: 'buy' } }));
    expect(trace.at(-1)).toEqual({
      step: 'actions',
      decision: [{ action: 'helper.note', ruleId: 'note-it' }],
      by: 'rule',
    });
    await sb.plugins.settled();
    expect(t.tags).toEqual(['seen-by-helper']);
    expect(t.fields).toEqual({ source: 'helper', intent: 'buy' });
    expect(ran).toEqual([{ ticket: t.id, params: { text: 'hi' }, stored: true }]);
    await sb.close();
  });

  it('rule action names and params are checked at load time', async () => {
    const helper = definePlugin({
      name: 'helper',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.addAction({ name: 'note', optionsSchema: { type: 'object', required: ['text'] }, run() {} });
      },
    });
    const rules2 = `${[
      '    - { id: a, conditions: { all: [{ fact: channel, operator: equal, value: web }] }, event: { type: action, params: { action: helper.nope } } }',
      '    - { id: b, conditions: { all: [{ fact: channel, operator: equal, value: web }] }, event: { type: action, params: { action: helper.note } } }',
    ].join('\n')}\n`;
    const err = await makeSwitchboard(policyText('', rules2), { plugins: [helper] }).catch((e: Error) => e);
    expect(String((err as Error).message)).toMatchInlineSnapshot(`
      "the policy has 2 problem(s):
      policy.yaml:9:128 SWB_CONFIG_UNKNOWN_REF unknown action "helper.nope" (did you mean "helper.note"?); defined: "helper.note" (at /priorities/rules/0/event/params/action)
      policy.yaml:10:118 SWB_CONFIG_RULE action "helper.note": param "text" is required (at /priorities/rules/1/event/params)"
    `);
  });
});

describe('hooks follow runtime events', () => {
  it('onStatusChange, onSlaWarning, onSlaBreached, onConfigApplied and onClose receive their payloads', async () => {
    const seen: string[] = [];
    const watcher = definePlugin({
      name: 'watcher',
      version: '1.0.0',
      switchboard: '^0.1.0',
      setup(host) {
        host.on('onReady', ({ policy }) => void seen.push(`ready ${policy.doc.id}`));
        host.on('onStatusChange', ({ ticket, from, to }) => void seen.push(`status ${ticket.number} ${from}->${to}`));
        host.on('onSlaWarning', ({ timer }) => void seen.push(`warning ${timer}`));
        host.on('onSlaBreached', ({ timer }) => void seen.push(`breached ${timer}`));
        host.on('onConfigApplied', ({ version }) => void seen.push(`config ${version}`));
        host.on('onClose', () => void seen.push('close'));
      },
    });
    const sb = await makeSwitchboard(policyText(), { plugins: [watcher] });
    const { ticket: t } = await sb.tickets.create(ticket('x'));
    await sb.tickets.setStatus(t.id, 'open');
    const due = { dueAt: t.sla.firstResponse!.dueAt, late: false };
    sb.events.publish({
      type: 'sla.warning',
      data: { ticket: t, timer: 'firstResponse', warnAt: t.createdAt, ...due },
    });
    sb.events.publish({ type: 'sla.breached', data: { ticket: t, timer: 'resolution', ...due } });
    sb.events.publish({ type: 'config.applied', data: { version: 'v2', sources: [] } });
    await sb.plugins.settled();
    await sb.close();
    expect(seen).toEqual([
      'ready plug',
      `status ${t.number} new->open`,
      'warning firstResponse',
      'breached resolution',
      'config v2',
      'close',
    ]);
  });
});
