import express, { type NextFunction, type RequestHandler } from 'express';
import { SwitchboardError } from '../core/errors/index.ts';
import { nestsDeeperThan } from './json-depth.ts';

const plainJson = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;
const firstChar = /^[\x20\x09\x0a\x0d]*(.)/s;

const httpError = (status: number, type: string, message: string, make: (m: string) => Error = (m) => new Error(m)) =>
  Object.assign(make(message), { status, statusCode: status, expose: true, type });

/**
 * express.json() with a fast path for what nearly every client sends: `application/json`
 * (UTF-8), a Content-Length within the limit, no Content-Encoding. The body is read and parsed
 * directly, with body-parser's rules (empty body → `{}`, BOM dropped, only objects and arrays
 * at the top, the same error types). Anything else (compressed or chunked bodies, other
 * charsets or JSON types, no body) goes to body-parser itself. Either way a body nested deeper
 * than `maxDepth` (default 32) levels is refused with 400.
 */
export function jsonBody(opts: { limit: number; maxDepth?: number }): RequestHandler {
  const full = express.json({ limit: opts.limit });
  const maxDepth = opts.maxDepth ?? 32;
  return (req, res, parsed) => {
    const next: NextFunction = (err?: unknown) => {
      if (err === undefined && nestsDeeperThan(req.body, maxDepth))
        return parsed(
          new SwitchboardError('SWB_API_VALIDATION', `the body nests deeper than ${maxDepth} levels; flatten it`, {
            maxDepth,
          }),
        );
      parsed(err as Error);
    };
    const type = req.headers['content-type'];
    const declared = req.headers['content-length'];
    const encoding = req.headers['content-encoding'];
    // already read (a host app's own body parser) → body-parser's handling of that case
    if (!req.readable || req.readableEnded) return full(req, res, next);
    if (
      type === undefined ||
      declared === undefined ||
      req.headers['transfer-encoding'] !== undefined ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
      !plainJson.test(type) ||
      !/^\d+$/.test(declared)
    ) {
      return full(req, res, next);
    }
    const length = Number(declared);
    if (length > opts.limit) {
      req.resume();
      return next(httpError(413, 'entity.too.large', 'request entity too large'));
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      next(err);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= length) chunks.push(chunk);
    });
    req.on('aborted', () => fail(httpError(400, 'request.aborted', 'request aborted')));
    req.on('error', (err) => fail(err));
    req.on('end', () => {
      if (settled) return;
      settled = true;
      if (received !== length)
        return next(httpError(400, 'request.size.invalid', 'request size did not match content length'));
      let text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.length === 0) {
        req.body = {};
        return next();
      }
      const first = firstChar.exec(text)?.[1];
      if (first !== '{' && first !== '[') {
        return next(
          httpError(
            400,
            'entity.parse.failed',
            `Unexpected token ${JSON.stringify(first ?? '')}: the body must be a JSON object or array`,
            (m) => new SyntaxError(m),
          ),
        );
      }
      try {
        req.body = JSON.parse(text) as unknown;
      } catch (err) {
        return next(httpError(400, 'entity.parse.failed', (err as Error).message, (m) => new SyntaxError(m)));
      }
      next();
    });
  };
}
