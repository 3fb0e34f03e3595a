import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/error-handler.ts';
import { jsonBody } from '../../src/http/json-body.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

/** POSTs raw bytes with exactly the headers given; answers status and parsed body. */
const post = (port: number, body: Buffer | string, headers: Record<string, string>) =>
  new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/echo', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });

describe("JSON bodies: the fast path follows body-parser's rules, the rest goes to body-parser", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const app = express();
    app.use(jsonBody({ limit: 1000 }));
    app.post('/echo', (req, res) => {
      res.json({ body: req.body === undefined ? '<undefined>' : req.body });
    });
    app.use(errorHandler(silentLogger));
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const json = (text: string | Buffer, extra: Record<string, string> = {}) =>
    post(port, text, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...extra,
    });

  it('objects and arrays, UTF-8, a leading BOM, charset spelled out', async () => {
    expect(await json('{"subject":"支付失败 ✓"}')).toEqual({ status: 200, body: { body: { subject: '支付失败 ✓' } } });
    expect((await json(' [1,2]')).body).toEqual({ body: [1, 2] });
    expect((await json('\uFEFF{"a":1}')).body).toEqual({ body: { a: 1 } });
    expect((await json('{"a":1}', { 'content-type': 'Application/JSON; charset=UTF-8' })).body).toEqual({
      body: { a: 1 },
    });
  });

  it('an empty body is {}; no body at all leaves req.body undefined', async () => {
    expect((await json('')).body).toEqual({ body: {} });
    expect((await post(port, '', {})).body).toEqual({ body: '<undefined>' });
  });

  it('malformed JSON and non-object JSON are 400 SWB_API_MALFORMED_JSON', async () => {
    for (const text of ['{"a":', '"just a string"', 'true', 'nul']) {
      const r = await json(text);
      expect([r.status, r.body.error.code]).toEqual([400, 'SWB_API_MALFORMED_JSON']);
      expect(r.body.error.message).toMatch(/^the body is not valid JSON: /);
    }
  });

  it('a declared length over the limit is 413 without reading the body', async () => {
    const r = await json(`{"d":"${'x'.repeat(2000)}"}`);
    expect([r.status, r.body.error.code]).toEqual([413, 'SWB_API_BODY_TOO_LARGE']);
  });

  it('compressed, chunked and non-UTF-8 bodies go to body-parser (same answers)', async () => {
    const gz = gzipSync(Buffer.from('{"z":1}'));
    expect(
      (
        await post(port, gz, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(gz.length),
        })
      ).body,
    ).toEqual({ body: { z: 1 } });
    expect(
      (await post(port, '{"c":1}', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' })).body,
    ).toEqual({ body: { c: 1 } });
    const big = await post(port, `{"d":"${'x'.repeat(2000)}"}`, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    expect([big.status, big.body.error.code]).toEqual([413, 'SWB_API_BODY_TOO_LARGE']);
    const latin = await json('{"a":1}', { 'content-type': 'application/json; charset=latin1' });
    expect([latin.status, latin.body.error.code]).toEqual([400, 'SWB_API_VALIDATION']);
    expect(latin.body.error.message).toMatch(/unsupported charset "LATIN1"/);
    expect((await json('{"v":1}', { 'content-type': 'application/vnd.api+json' })).body).toEqual({
      body: '<undefined>',
    });
  });
});
