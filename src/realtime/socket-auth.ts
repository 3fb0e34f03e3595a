import type { Socket } from 'socket.io';
import { authenticate, bearerOf } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { roleAllows } from '../auth/roles.ts';
import type { TokenStore } from '../auth/token-store.ts';
import { SwitchboardError, isSwitchboardError } from '../core/errors/index.ts';
import type { RateWindow } from '../core/util/rate-window.ts';

/**
 * Handshake auth: `io(url, { auth: { token } })` (or an Authorization header). A refused
 * client gets `connect_error` whose `message` is the text and `data` is `{ code }`. Refused
 * tokens count against the address in `failures`, as 401 answers do over HTTP.
 */
export function socketAuth(tokens: TokenStore | undefined, failures?: RateWindow) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const address = socket.handshake.address;
    try {
      if (failures?.exhausted(address).exhausted)
        throw new SwitchboardError(
          'SWB_AUTH_RATE_LIMITED',
          `more than ${failures.limit} connections without a valid token came from this address; retry later`,
        );
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const secret = typeof auth?.token === 'string' ? auth.token : bearerOf(socket.handshake.headers.authorization);
      const principal = authenticate(tokens, secret);
      if (!roleAllows(principal.role, 'dashboard:read')) {
        throw new SwitchboardError('SWB_AUTH_FORBIDDEN', `role "${principal.role}" may not receive live events`);
      }
      (socket.data as { principal?: Principal }).principal = principal;
      next();
    } catch (e) {
      const err = isSwitchboardError(e) ? e : new SwitchboardError('SWB_INTERNAL', 'handshake failed');
      if (err.code === 'SWB_AUTH_MISSING' || err.code === 'SWB_AUTH_INVALID') failures?.hit(address);
      next(Object.assign(new Error(err.message), { data: { code: err.code } }));
    }
  };
}
