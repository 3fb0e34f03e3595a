import { SwitchboardError } from '../core/errors/switchboard-error.ts';

/** A position in the newest-first order: createdAt in ms, then id. */
export interface CursorKey {
  at: number;
  id: string;
}

/** Opaque to callers: base64url of a small JSON tuple. Keyset, so pages never skip or repeat. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string') {
      return { at: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new SwitchboardError(
    'SWB_API_VALIDATION',
    `Invalid cursor "${cursor}": pass the nextCursor of a previous page unchanged.`,
    {
      path: '/cursor',
    },
  );
}
