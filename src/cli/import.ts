import { readFile, stat } from 'node:fs/promises';
import { SwitchboardError } from '../core/errors/index.ts';
import { type ImportSummary, importTickets, summariseImport } from '../runtime/metrics/import-tickets.ts';
import { invalidShown } from '../runtime/metrics/invalid-summary.ts';
import { readImportFile } from '../runtime/metrics/read-import.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';
import { loadCliPolicy } from './load-policy.ts';
import { callServer, lockedHint, serverTarget } from './server-client.ts';

/**
 * `switchboard import --data DIR --tickets FILE.jsonl|FILE.csv [--config DIR | --preset NAME] [--live] [--json]`
 * `switchboard import --server URL --token T --tickets FILE [--live] [--json]` (through a running server)
 * Loads historical tickets with their original times; idempotent by ticket id. They are history
 * (not routed, never scheduled) unless `--live`.
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
      server: { type: 'string' },
      token: { type: 'string' },
    },
    'import',
  );
  if (!values.tickets)
    throw new SwitchboardError('SWB_CLI_USAGE', 'import: --tickets <file.jsonl|file.csv> is required');
  if (!(await stat(values.tickets).catch(() => undefined))?.isFile())
    throw new SwitchboardError('SWB_CLI_USAGE', `import: no file at --tickets ${values.tickets}`);
  const target = serverTarget(values, 'import');
  let summary: ImportSummary;
  if (target) {
    for (const local of ['data', 'config', 'preset'] as const)
      if (values[local] !== undefined)
        throw new SwitchboardError(
          'SWB_CLI_USAGE',
          `import: --${local} and --server do not go together (the server imports into its own data with its live policy)`,
          { path: `--${local}` },
        );
    summary = (await callServer(target, 'POST', `/import?file=${encodeURIComponent(values.tickets)}`, {
      type: /\.csv$/i.test(values.tickets) ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      data: await readFile(values.tickets),
    })) as ImportSummary;
  } else {
    const policy = await loadCliPolicy(values);
    const store = createLowdbStore({ dir: values.data ?? 'data' });
    await store.open().catch((err: unknown) => {
      throw lockedHint(err, 'import');
    });
    try {
      const report = await importTickets(store, policy, readImportFile(values.tickets), {
        now: opts.now ?? new Date(),
        live: values.live === true,
        file: values.tickets,
      });
      summary = summariseImport(report);
    } finally {
      await store.close();
    }
  }
  printImport(summary, io, values.json === true);
  return summary.invalidCount > 0 ? 1 : 0;
}

/** The same lines whether the import ran here or on a server. */
function printImport(summary: ImportSummary, io: CliIo, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(summary));
    return;
  }
  io.out(`${summary.inserted} inserted, ${summary.skipped} skipped (already stored), ${summary.invalidCount} invalid`);
  for (const s of summary.skippedIds.slice(0, 10)) io.out(`  skipped line ${s.line}: ticket ${s.id} is already stored`);
  if (summary.skipped > 10) io.out(`  ... and ${summary.skipped - 10} more skipped`);
  for (const bad of summary.invalid.slice(0, invalidShown)) io.err(`  invalid: ${bad.message}`);
  if (summary.invalidCount > invalidShown) {
    io.err(`  ... and ${summary.invalidCount - invalidShown} more invalid lines; every invalid line by reason:`);
    for (const r of summary.invalidReasons) io.err(`  ${r.count} × ${r.reason}`);
  }
}
