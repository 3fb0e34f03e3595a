import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { jsonAnswer } from '../../src/http/json-answer.ts';
import { rememberedJson } from '../../src/store/json-memo.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { makeTicket } from '../helpers/ticket-fixture.ts';

describe('answers with the JSON the store wrote', () => {
  it('sends a stored ticket as the exact text the store serialised, and anything else as res.json would', async () => {
    const store = createMemoryStore();
    await store.open();
    const ticket = makeTicket({ id: 't1', subject: '支付失败 "quoted" \\ slash' });
    await store.insert(ticket);
    const app = express();
    app.use(jsonAnswer);
    app.get('/stored', (_req, res) => res.status(201).json(ticket));
    app.get('/copy', (_req, res) => res.json({ ...ticket, subject: 'masked' }));
    app.get('/typed', (_req, res) => res.type('application/vnd.test+json').json(ticket));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const stored = await fetch(`${base}/stored`);
      expect(stored.status).toBe(201);
      expect(stored.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const text = await stored.text();
      expect(text).toBe(JSON.stringify(ticket));
      expect(rememberedJson(ticket)).toBe(text); // the store recorded it, so this answer reused it
      expect(JSON.parse(text)).toEqual(await store.get('t1'));
      expect(((await (await fetch(`${base}/copy`)).json()) as { subject: string }).subject).toBe('masked');
      expect((await fetch(`${base}/typed`)).headers.get('content-type')).toBe(
        'application/vnd.test+json; charset=utf-8',
      );
    } finally {
      await new Promise((r) => server.close(r));
      await store.close();
    }
  });
});
