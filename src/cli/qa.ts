import { writeFile } from 'node:fs/promises';
import { presetPath } from '../runtime/presets.ts';
import { defaultPreset } from '../runtime/presets.ts';
import { createPolicyLoader } from '../config/load.ts';
import { formatProblem } from '../core/policy/problem.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { createEventBus } from '../core/events/bus.ts';
import { queueToCsv } from '../runtime/qa/export.ts';
import { createQaService, requireQa } from '../runtime/qa/qa-service.ts';
import type { ItemResult } from '../core/qa/score.ts';
import { createLowdbStore } from '../store/lowdb/index.ts';
import { systemClock } from '../core/util/clock.ts';
import { parseCommandArgs } from './args.ts';
import { callServer, lockedHint, serverTarget, type ServerTarget } from './server-client.ts';
import type { CliIo } from './io.ts';

const usage =
  'qa: use `switchboard qa sample --from YYYY-MM-DD --to YYYY-MM-DD`, `qa queue`, `qa score TICKET --results greeting=pass,...`, `qa agents` or `qa export [--format csv|json] [--out FILE]` (each with [--data DIR] [--config DIR | --preset NAME] [--json])';

/**
 * `switchboard qa ...`: quality review on a data directory (the store holds a lock, so not one a
 * server runs on), or with `--server URL --token T` through that server's /api/qa.
 */
export async function qaCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(
    rest,
    {
      data: { type: 'string' },
      config: { type: 'string' },
      preset: { type: 'string' },
      json: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      status: { type: 'string' },
      agent: { type: 'string' },
      results: { type: 'string' },
      comment: { type: 'string' },
      reviewer: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
    },
    `qa ${sub ?? ''}`.trim(),
  );
  if (!sub || !['sample', 'queue', 'score', 'agents', 'export'].includes(sub))
    throw new SwitchboardError('SWB_CLI_USAGE', usage);
  const target = serverTarget(values, `qa ${sub}`);
  if (target) {
    for (const local of ['data', 'config', 'preset'] as const)
      if (values[local] !== undefined)
        throw new SwitchboardError(
          'SWB_CLI_USAGE',
          `qa: --${local} and --server do not go together (the server reviews its own data with its live policy)`,
          { path: `--${local}` },
        );
    return runQa(sub, values, positionals, io, remoteQa(target));
  }
  const loaded = await createPolicyLoader().fromPath(values.config ?? presetPath(values.preset ?? defaultPreset));
  if (!loaded.ok) {
    for (const p of loaded.problems) io.out(formatProblem(p));
    return 1;
  }
  const policy = loaded.policy;
  const store = createLowdbStore({ dir: values.data ?? 'data', clock: systemClock });
  await store.open().catch((err: unknown) => {
    throw lockedHint(err, 'qa');
  });
  try {
    const qa = createQaService({
      store,
      clock: systemClock,
      bus: createEventBus({ clock: systemClock }),
      policy: () => policy,
    });
    const local: QaSource = {
      sample: (from, to) => qa.sample(from, to),
      queue: (filter) => qa.queue(filter),
      review: (id, input) => qa.review(id, { ...input, reviewer: values.reviewer ?? process.env.USER ?? 'cli' }),
      agents: () => qa.agents(),
      csv: async (items) =>
        queueToCsv(
          items as never,
          requireQa(policy).checklist.map((c) => c.id),
        ),
    };
    return await runQa(sub, values, positionals, io, local);
  } finally {
    await store.close();
  }
}

type QaValues = Partial<
  Record<'from' | 'to' | 'status' | 'agent' | 'results' | 'comment' | 'format' | 'out', string>
> & {
  json?: boolean;
};
type QueueFilter = { status: 'pending' | 'reviewed' | 'all'; agent?: string; from?: string; to?: string };
type QueueItem = {
  period: string;
  ticketId: string;
  agent?: string | null;
  weight: number;
  review?: { score: number };
};

/** What the subcommands need: the local QA service on a data directory, or a running server's /api/qa. */
interface QaSource {
  sample(
    from: string,
    to: string,
  ): Promise<{ periods: { period: string; size: number; population: number; existing?: boolean }[] }>;
  queue(filter: QueueFilter): Promise<QueueItem[]>;
  review(
    ticketId: string,
    input: { results: Record<string, ItemResult>; comment?: string },
  ): Promise<{
    review: { score: number; failed: number; scored: number };
    agent?: { agent: string; errorRate: number; reviews: number; flagged: boolean };
  }>;
  agents(): Promise<{
    window: string;
    threshold: number;
    errorRate: string;
    items: { agent: string; errorRate: number; reviews: number; flagged: boolean }[];
  }>;
  /** The queue items as the CSV export writes them (`filter` for the server, which reads them itself). */
  csv(items: QueueItem[], filter: QueueFilter): Promise<string>;
}

/** The queue filter the flags name; `status` defaults per subcommand (queue: pending, export: all). */
const filterOf = (values: QaValues, status: QueueFilter['status']): QueueFilter => ({
  status: (values.status ?? status) as QueueFilter['status'],
  ...(values.agent ? { agent: values.agent } : {}),
  ...(values.from ? { from: values.from } : {}),
  ...(values.to ? { to: values.to } : {}),
});

const filterQuery = (f: QueueFilter) =>
  new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();

/** The server's QA routes, as the CLI's QA source; the reviewer is the token's name. */
function remoteQa(target: ServerTarget): QaSource {
  return {
    sample: async (from, to) =>
      (await callServer(target, 'POST', '/qa/sample', {
        type: 'application/json',
        data: JSON.stringify({ from, to }),
      })) as never,
    queue: async (filter) =>
      ((await callServer(target, 'GET', `/qa/queue?${filterQuery(filter)}`)) as { items: QueueItem[] }).items,
    review: async (id, input) =>
      (await callServer(target, 'POST', `/qa/reviews/${encodeURIComponent(id)}`, {
        type: 'application/json',
        data: JSON.stringify(input),
      })) as never,
    agents: async () => (await callServer(target, 'GET', '/qa/agents')) as never,
    csv: async (_items, filter) =>
      (await callServer(target, 'GET', `/qa/export?format=csv&${filterQuery(filter)}`, undefined, 'text')) as string,
  };
}

async function runQa(sub: string, values: QaValues, positionals: string[], io: CliIo, qa: QaSource): Promise<number> {
  const print = (value: unknown, text: () => string[]) => {
    if (values.json) io.out(JSON.stringify(value));
    else for (const line of text()) io.out(line);
  };
  if (sub === 'sample') {
    if (!values.from || !values.to)
      throw new SwitchboardError(
        'SWB_CLI_USAGE',
        'qa sample: pass --from YYYY-MM-DD and --to YYYY-MM-DD (days in the policy time zone)',
      );
    const r = await qa.sample(values.from, values.to);
    print(r, () =>
      r.periods.map(
        (p) =>
          `${p.period}  ${p.size} of ${p.population} resolved tickets sampled${p.existing ? ' (sampled before, kept)' : ''}`,
      ),
    );
  } else if (sub === 'queue') {
    const items = await qa.queue(filterOf(values, 'pending'));
    print({ items }, () =>
      items.map(
        (i) =>
          `${i.period}  ${i.ticketId}  agent ${i.agent ?? '-'}  weight ${i.weight}${i.review ? `  reviewed: score ${i.review.score.toFixed(2)}` : ''}`,
      ),
    );
  } else if (sub === 'score') {
    const ticketId = positionals[0];
    if (!ticketId || !values.results)
      throw new SwitchboardError(
        'SWB_CLI_USAGE',
        'qa score: pass the ticket id and --results item=pass|fail|na,... for every checklist item',
      );
    const results: Record<string, ItemResult> = {};
    for (const pair of values.results.split(',')) {
      const [id, r] = pair.split('=').map((s) => s.trim());
      if (!id || !['pass', 'fail', 'na'].includes(r ?? ''))
        throw new SwitchboardError('SWB_CLI_USAGE', `qa score: "${pair}" is not item=pass|fail|na`);
      results[id] = r as ItemResult;
    }
    const r = await qa.review(ticketId, {
      results,
      ...(values.comment ? { comment: values.comment } : {}),
    });
    print(r, () => [
      `${ticketId}: score ${r.review.score.toFixed(2)} (${r.review.failed} of ${r.review.scored} failed)`,
      ...(r.agent
        ? [
            `agent ${r.agent.agent}: error rate ${(r.agent.errorRate * 100).toFixed(1)} % over ${r.agent.reviews} review(s)${r.agent.flagged ? ' — FLAGGED for training' : ''}`,
          ]
        : []),
    ]);
  } else if (sub === 'agents') {
    const r = await qa.agents();
    print(r, () => [
      `window ${r.window}, flag above ${(r.threshold * 100).toFixed(1)} % (${r.errorRate})`,
      ...r.items.map(
        (a) => `${a.flagged ? '⚑' : ' '} ${a.agent}  ${(a.errorRate * 100).toFixed(1)} %  ${a.reviews} review(s)`,
      ),
    ]);
  } else {
    const filter = filterOf(values, 'all');
    const items = await qa.queue(filter);
    const text = values.format === 'csv' ? await qa.csv(items, filter) : `${JSON.stringify({ items })}\n`;
    if (values.out) {
      await writeFile(values.out, text);
      io.err(`wrote ${items.length} row(s) to ${values.out}`);
    } else io.out(text.trimEnd());
  }
  return 0;
}
