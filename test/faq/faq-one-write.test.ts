import { afterEach, describe, expect, it } from 'vitest';
import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { createLowdbStore } from '../../src/store/lowdb/index.ts';
import type { Store } from '../../src/store/types.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { addTags } from '../../src/core/operations/ticket-actions.ts';
import { tempDir } from '../helpers/server.ts';

const question = 'How do I reset my password?'; // a shipped base FAQ question (en)

/** The store, counting the ticket writes that reach it. */
const counting = (store: Store) => {
  const writes: string[] = [];
  const counted = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'insert' || prop === 'update' || prop === 'setMeta') {
        return (...args: unknown[]) => {
          writes.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, writes };
};

describe('an FAQ answer is made in the same write as the ticket', () => {
  const open: { sb: Switchboard; remove: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.sb.close().catch(() => {});
      await o.remove();
    }
  });

  const start = async (dir: string, store: Store) => {
    const clock = createManualClock('2026-11-23T02:00:00Z');
    const sb = await createSwitchboard({
      store,
      clock,
      dataDir: `${dir}/sec`,
      logger: silentLogger,
      security: { adminToken: `swb_test_${'b'.repeat(32)}`, rateLimitPerMinute: 0, env: {} },
    });
    return sb;
  };

  it('one insert (ticket with the bot reply) plus the FAQ state; created then replied on the bus; both survive a reopen', async () => {
    const t = await tempDir();
    const { store, writes } = counting(createLowdbStore({ dir: `${t.dir}/db` }));
    const sb = await start(t.dir, store);
    open.push({ sb, remove: t.remove });
    const seen: string[] = [];
    sb.events.subscribe('*', (e) => seen.push(`${e.type}:${'ticket' in e ? e.ticket.version : ''}`));

    const { ticket } = await sb.tickets.create({
      channel: 'chat',
      subject: question,
      customer: { id: 'C1', locale: 'en' },
      locale: 'en',
    });
    expect(ticket.replies.map((r) => r.author.type)).toEqual(['bot']);
    expect(writes.filter((w) => w === 'insert' || w === 'update')).toEqual(['insert']);
    expect(writes).toContain('setMeta');
    const created = seen.findIndex((s) => s.startsWith('ticket.created'));
    const replied = seen.findIndex((s) => s.startsWith('ticket.replied'));
    expect(created).toBeGreaterThanOrEqual(0);
    expect(replied).toBeGreaterThan(created);
    // the stored ticket carries both history entries (creation and the bot's answer)
    expect(ticket.history.map((h) => h.type)).toEqual(expect.arrayContaining(['created', 'reply']));

    await sb.close();
    open.pop();
    const again = createLowdbStore({ dir: `${t.dir}/db` });
    await again.open();
    try {
      const stored = await again.get(ticket.id);
      expect(stored?.version).toBe(ticket.version);
      expect(stored?.replies.map((r) => r.author.id)).toEqual(['faq']);
      expect(await again.getMeta(`faq:${ticket.id}`)).toMatchObject({ ticketId: ticket.id, state: 'awaiting' });
    } finally {
      await again.close();
      await t.remove();
    }
  });

  it("a caller's own follow-up runs first and the answer is made on its result, still one insert", async () => {
    const t = await tempDir();
    const { store, writes } = counting(createLowdbStore({ dir: `${t.dir}/db` }));
    const sb = await start(t.dir, store);
    open.push({ sb, remove: t.remove });
    const { ticket } = await sb.tickets.create(
      { channel: 'chat', subject: question, customer: { id: 'C3', locale: 'en' }, locale: 'en' },
      { andThen: (tk, policy, now) => addTags(tk, ['triaged'], { now, policy, actor: 'test' }) },
    );
    expect(ticket.tags).toContain('triaged');
    expect(ticket.replies.map((r) => r.author.id)).toEqual(['faq']);
    expect(writes.filter((w) => w === 'insert' || w === 'update')).toEqual(['insert']);
    expect(await sb.store.getMeta(`faq:${ticket.id}`)).toMatchObject({ state: 'awaiting' });
  });

  it('a ticket the FAQ does not answer is one insert and no FAQ state', async () => {
    const t = await tempDir();
    const { store, writes } = counting(createLowdbStore({ dir: `${t.dir}/db` }));
    const sb = await start(t.dir, store);
    open.push({ sb, remove: t.remove });
    const { ticket } = await sb.tickets.create({
      channel: 'chat',
      subject: 'the whole site is down',
      customer: { id: 'C2' },
    });
    expect(ticket.replies).toEqual([]);
    expect(writes.filter((w) => w === 'insert' || w === 'update')).toEqual(['insert']);
    expect(await sb.store.getMeta(`faq:${ticket.id}`)).toBeUndefined();
  });
});
