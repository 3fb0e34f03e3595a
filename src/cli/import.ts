import { statSync } from 'node:fs';
import { SwitchboardError } from '../core/errors/index.ts';
import { importTickets } from '../runtime/metrics/import-tickets.ts';
import { countReasons, invalidShown } from '../runtime/metrics/invalid-summary.ts';
import { readImportFile } from '../runtime/metrics/read-import.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { loadCliPolicy } from './load-policy.ts';

/**
 * `switchboard import --data DIR --tickets FILE.jsonl|FILE.csv [--config DIR | --preset NAME] [--live] [--json]`
 * Loads historical tickets with their original times; idempotent by ticket id. Open tickets are
 * history (not routed, no SLA steps) unless --live makes them today's work.
 * Exit 0 when every line was inserted or already there, 1 when some lines were invalid.
 */
export async function importCommand(args: string[], io: CliIo, opts: { now?: Date } = {}): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      data: { type: 'string' },
      tickets: { type: 'string' },
      config: { type: 'string' },
      preset: { type: 'string' },
      json: { type: 'boolean' },
      live: { type: 'boolean' },
    },
    'import',
  );
  if (!values.tickets)
    throw new SwitchboardError('SWB_CLI_USAGE', 'import: --tickets <file.jsonl|file.csv> is required');
  if (!statSync(values.tickets, { throwIfNoEntry: false })?.isFile())
    throw new SwitchboardError('SWB_CLI_USAGE', `import: no file at --tickets ${values.tickets}`);
  const policy = await loadCliPolicy(values);
  const store = createLowdbStore({ dir: values.data ?? 'data' });
  await store.open();
  try {
    const report = await importTickets(store, policy, readImportFile(values.tickets), {
      now: opts.now ?? new Date(),
      file: values.tickets,
      ...(values.live ? { live: true } : {}),
    });
    if (values.json)
      io.out(
        JSON.stringify({
          inserted: report.inserted,
          skipped: report.skipped.length,
          invalid: report.invalid.slice(0, invalidShown),
          invalidCount: report.invalid.length,
          invalidReasons: countReasons(report.invalid.map((bad) => bad.message)),
          skippedIds: report.skipped.slice(0, 100),
        }),
      );
    else {
      io.out(
        `${report.inserted} inserted, ${report.skipped.length} skipped (already stored), ${report.invalid.length} invalid`,
      );
      for (const s of report.skipped.slice(0, 10)) io.out(`  skipped line ${s.line}: ticket ${s.id} is already stored`);
      if (report.skipped.length > 10) io.out(`  ... and ${report.skipped.length - 10} more skipped`);
      for (const bad of report.invalid.slice(0, invalidShown)) io.err(`  invalid: ${bad.message}`);
      if (report.invalid.length > invalidShown) {
        io.err(`  ... and ${report.invalid.length - invalidShown} more invalid lines; every invalid line by reason:`);
        for (const r of countReasons(report.invalid.map((bad) => bad.message))) io.err(`  ${r.count} × ${r.reason}`);
      }
    }
    return report.invalid.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
