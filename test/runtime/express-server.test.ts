import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createExpressServer } from '../../src/http/express-server.ts';

describe('createExpressServer', () => {
  it('creates requests and responses with the app prototype, so express never has to change it, and every express feature still works', async () => {
    const app = express();
    app.set('etag', false);
    const router = express.Router();
    router.get('/echo/:id', (req, res) => {
      res
        .status(201)
        .set('x-seen', req.get('x-probe') ?? '')
        .json({
          id: req.params.id,
          q: req.query,
          path: req.path,
          base: req.baseUrl,
          ip: typeof req.ip,
          app: req.app === app,
        });
    });
    app.use('/api', router);
    app.use((_req, res) => res.status(404).type('text').send('nothing here'));
    const server = createExpressServer(app);
    const seen: boolean[] = [];
    // runs before express: the object must already carry the app's prototype
    server.prependListener('request', (req) => seen.push(Object.getPrototypeOf(req) === app.request));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await fetch(`${base}/api/echo/42?a=1&b=two`, { headers: { 'x-probe': 'yes' } });
      expect(r.status).toBe(201);
      expect(r.headers.get('x-seen')).toBe('yes');
      expect(await r.json()).toEqual({
        id: '42',
        q: { a: '1', b: 'two' },
        path: '/echo/42',
        base: '/api',
        ip: 'string',
        app: true,
      });
      const missing = await fetch(`${base}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe('nothing here');
      expect(seen).toEqual([true, true]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
