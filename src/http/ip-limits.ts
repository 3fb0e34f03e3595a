import type { Request, RequestHandler, Response } from 'express';
import { SwitchboardError } from '../core/errors/index.ts';
import type { ErrorCode } from '../core/errors/codes.ts';
import type { RateWindow } from '../core/util/rate-window.ts';

const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

const refuse = (res: Response, code: ErrorCode, message: string, retryAfterMs: number) => {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return new SwitchboardError(code, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
};

/**
 * Per-address limit for routes anyone may call (survey links): every request counts, and past
 * the limit the address gets 429 with Retry-After until the window ends.
 */
export function perAddressLimit(window: RateWindow, code: ErrorCode, what: string): RequestHandler {
  return (req, res, next) => {
    const r = window.hit(addressOf(req));
    if (r.ok) return next();
    next(
      refuse(
        res,
        code,
        `more than ${window.limit} ${what} from this address in a short time; retry later`,
        r.retryAfterMs,
      ),
    );
  };
}

/**
 * Counts answers of 401 (no, unknown or revoked token) per address; once an address has had
 * `limit` of them in the window, every request from it gets 429 until the window ends, whatever
 * it sends: guessing tokens costs a window per `limit` guesses.
 */
export function failedAuthLimit(window: RateWindow): RequestHandler {
  return (req, res, next) => {
    const address = addressOf(req);
    const state = window.exhausted(address);
    if (state.exhausted)
      return next(
        refuse(
          res,
          'SWB_AUTH_RATE_LIMITED',
          `more than ${window.limit} requests without a valid token came from this address; fix the token and retry later`,
          state.retryAfterMs,
        ),
      );
    res.on('finish', () => {
      if (res.statusCode === 401) window.hit(address);
    });
    next();
  };
}
