import { SwitchboardError } from '../core/errors/index.ts';
import { importTickets, summariseImport } from '../runtime/metrics/import-tickets.ts';
import { readImportLines } from '../runtime/metrics/read-import.ts';
import type { ApiRoute } from './api-context.ts';

/** The largest body POST /api/import reads. */
export const importBodyLimit = 50 * 1024 * 1024;

const csvTypes = ['text/csv'];
const jsonlTypes = ['application/x-ndjson', 'text/plain'];

/**
 * `switchboard import` through a running server (whose data directory the CLI cannot open):
 * the same import into the live store with the live policy, and the same report.
 */
export const importRoutes: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/import',
    operationId: 'importTickets',
    summary:
      'Import historical tickets (JSONL as application/x-ndjson or text/plain, CSV as text/csv; at most 50 MB), as `switchboard import`',
    tag: 'reports',
    permission: 'policy:admin',
    query: 'ImportQuery',
    textBody: { types: [...csvTypes, ...jsonlTypes], limit: importBodyLimit },
    audited: true,
    ok: {
      status: 200,
      description:
        '`{ inserted, skipped, invalid (first 20), invalidCount, invalidReasons, skippedIds (first 100) }`, as `switchboard import --json`',
    },
    async handle(req, _res, ctx) {
      if (typeof req.body !== 'string')
        throw new SwitchboardError(
          'SWB_API_VALIDATION',
          'POST /api/import takes JSONL (Content-Type: application/x-ndjson or text/plain) or CSV (Content-Type: text/csv)',
          { contentType: req.headers['content-type'] ?? null },
        );
      const csv = req.is(csvTypes) !== false;
      const file = typeof req.query.file === 'string' && req.query.file !== '' ? req.query.file : 'body';
      const report = await importTickets(ctx.store, ctx.policy(), readImportLines(req.body, { csv, where: file }), {
        now: ctx.clock.now(),
        file,
        // the live aggregates learn of a stored ticket from its event; an import sends none
        onInserted: (ticket) => ctx.metrics?.apply(ticket),
      });
      return summariseImport(report);
    },
  },
];
