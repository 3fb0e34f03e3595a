import { existsSync } from 'node:fs';
import { SwitchboardError } from '../core/errors/index.ts';
import { describeRecovery, recoverStore } from '../store/lowdb/recover.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';

/**
 * `switchboard recover --data DIR [--json]`: after SWB_STORE_CORRUPT, keeps every readable
 * record, moves the old files aside and leaves a store that opens (src/store/lowdb/recover.ts).
 * Exit 0 when nothing was damaged, 1 when something was (the report says what).
 */
export async function recoverCommand(args: string[], io: CliIo, opts: { now?: Date } = {}): Promise<number> {
  const { values } = parseCommandArgs(args, { data: { type: 'string' }, json: { type: 'boolean' } }, 'recover');
  if (!values.data) throw new SwitchboardError('SWB_CLI_USAGE', 'recover: --data <dir> is required');
  if (!existsSync(values.data))
    throw new SwitchboardError('SWB_CLI_USAGE', `recover: no directory at --data ${values.data}`);
  const report = await recoverStore(values.data, opts.now ?? new Date());
  io.out(values.json ? JSON.stringify(report, null, 2) : describeRecovery(report));
  const damaged =
    report.files.some((f) => f.status === 'damaged' || f.damage.length > 0) || report.missingRecords.length > 0;
  return damaged ? 1 : 0;
}
