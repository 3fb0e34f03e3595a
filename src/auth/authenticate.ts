import { SwitchboardError } from '../core/errors/index.ts';
import type { Principal } from './principal.ts';
import type { TokenStore } from './token-store.ts';

/** Used when auth is disabled explicitly (`auth: false`, embedding and tests only). */
export const anonymousAdmin: Principal = Object.freeze({ tokenId: 'anonymous', name: 'anonymous', role: 'admin' });

/** The bearer secret of an `Authorization` header value, or undefined. */
export function bearerOf(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** 401 SWB_AUTH_MISSING without a secret, 401 SWB_AUTH_INVALID for an unknown or revoked one. */
export function authenticate(tokens: TokenStore | undefined, secret: string | undefined): Principal {
  if (!tokens) return anonymousAdmin;
  if (!secret)
    throw new SwitchboardError('SWB_AUTH_MISSING', 'no access token: send the header "Authorization: Bearer <token>"');
  const principal = tokens.verify(secret);
  if (!principal) throw new SwitchboardError('SWB_AUTH_INVALID', 'the access token is unknown or revoked');
  return principal;
}
