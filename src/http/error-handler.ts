import type { ErrorRequestHandler, RequestHandler } from 'express';
import { SwitchboardError, isSwitchboardError } from '../core/errors/index.ts';
import type { Logger } from '../telemetry/logger.ts';
import { clientError } from './client-errors.ts';

/** Every error leaves as `{ error: { code, message, details } }` with a fitting status. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = toSwitchboardError(err);
    if (e.status >= 500)
      logger.error('request failed', {
        method: req.method,
        path: req.originalUrl,
        error: String((err as Error)?.stack ?? err),
      });
    res.status(e.status).json({ error: e.toJSON() });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new SwitchboardError('SWB_API_NOT_FOUND', `no route ${req.method} ${req.originalUrl}`));
};

function toSwitchboardError(err: unknown): SwitchboardError {
  if (isSwitchboardError(err)) return err;
  const type = (err as { type?: string })?.type;
  if (type === 'entity.parse.failed')
    return new SwitchboardError('SWB_API_MALFORMED_JSON', `the body is not valid JSON: ${(err as Error).message}`);
  if (type === 'entity.too.large') {
    const limit = (err as { limit?: number }).limit ?? 1024 * 1024;
    return new SwitchboardError('SWB_API_BODY_TOO_LARGE', `the body is larger than the limit (${formatBytes(limit)})`, {
      limit,
    });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new SwitchboardError('SWB_API_VALIDATION', (err as Error).message);
  const client = clientError(err);
  if (client) return client;
  return new SwitchboardError('SWB_INTERNAL', 'internal error; the server log has the details');
}

/** 1048576 → `1 MB`, 52428800 → `50 MB`. */
const formatBytes = (n: number) =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`;
