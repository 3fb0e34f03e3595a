import { SwitchboardError } from '../../core/errors/switchboard-error.ts';

/**
 * The error that stops the store from opening over damaged data: which file, which byte, what is
 * wrong, and the way out. Starting anyway would serve fewer records than were acknowledged and
 * the next snapshot would make that loss permanent.
 */
export function storeCorrupt(path: string, offset: number, what: string, cause?: unknown): SwitchboardError {
  return new SwitchboardError(
    'SWB_STORE_CORRUPT',
    `${path} ${what} (at byte ${offset}). Nothing was changed. Stop the server and run ` +
      '`switchboard recover --data <dir>` to keep every readable record and move the damaged files ' +
      'aside (it writes a report of what was kept and lost), or restore the directory from a backup.',
    { path, offset },
    cause === undefined ? undefined : { cause },
  );
}
