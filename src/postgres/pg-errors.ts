import { SwitchboardError, isSwitchboardError } from '../core/errors/switchboard-error.ts';

/** PostgreSQL and connection failures become SWB_STORE_DATABASE; our own errors pass through. */
export function databaseError(err: unknown, what: string): unknown {
  if (isSwitchboardError(err)) return err;
  const e = err as { code?: string; message?: string };
  return new SwitchboardError(
    'SWB_STORE_DATABASE',
    `PostgreSQL failed while ${what}: ${e?.message ?? String(err)}. Check DATABASE_URL and that the server is running.`,
    e?.code ? { pgCode: e.code } : undefined,
    { cause: err },
  );
}

/** Runs fn and maps its failure with databaseError. */
export async function guarded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw databaseError(err, what);
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable connection string)';
  }
}
