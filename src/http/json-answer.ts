import type { RequestHandler } from 'express';
import { rememberedJson } from '../store/json-memo.ts';

/**
 * `res.json(ticket)` sends the text the store wrote for that ticket when it has one (see
 * util/json-memo.ts), byte for byte what JSON.stringify would give, instead of serialising the
 * ticket a second time. Anything else (and a masked copy, a new object) goes the usual way.
 */
export const jsonAnswer: RequestHandler = (_req, res, next) => {
  const json = res.json;
  res.json = function answer(body: unknown) {
    const known = rememberedJson(body);
    if (known === undefined) return json.call(this, body);
    if (!this.get('Content-Type')) this.set('Content-Type', 'application/json');
    return this.send(known);
  };
  next();
};
