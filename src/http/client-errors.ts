import { SwitchboardError } from '../core/errors/index.ts';

/**
 * Errors that Node, body-parser or the router raise for a request the client got wrong, as the
 * error the API answers with. body-parser and the router mark theirs with a 4xx `status` (a
 * body that does not decompress, a path segment that does not percent-decode); anything else
 * with a 4xx status is still the client's doing, never a 500.
 */
export function clientError(err: unknown): SwitchboardError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; message?: unknown; code?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0;
  if (status < 400 || status >= 500) return undefined;
  const message = typeof e.message === 'string' ? e.message : 'bad request';
  if (err instanceof URIError)
    return new SwitchboardError(
      'SWB_API_BODY_ENCODING',
      `${message}: a path segment is not valid percent-encoding (encode it with encodeURIComponent)`,
    );
  if (typeof e.code === 'string' && /^(Z_|ERR_.*(BROTLI|ZLIB|_ERROR_)|ERR__)/.test(e.code))
    return new SwitchboardError(
      'SWB_API_BODY_ENCODING',
      `the body cannot be decoded with its Content-Encoding (${message}); send it compressed as declared, or without Content-Encoding`,
    );
  if (e.type === 'request.aborted' || e.type === 'request.size.invalid')
    return new SwitchboardError('SWB_API_VALIDATION', `the body did not arrive whole (${message})`);
  return new SwitchboardError('SWB_API_VALIDATION', message);
}
