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
import type { CliIo } from './io.ts';

const usage =
  'qa: use `switchboard qa sample --from YYYY-MM-DD --to YYYY-MM-DD`, `qa queue`, `qa score TICKET --results greeting=pass,...`, `qa agents` or `qa export [--format csv|json] [--out FILE]` (each with [--data DIR] [--config DIR | --preset NAME] [--json])';

/**
 * `switchboard qa ...`: quality review on a data directory (the server must not be running on
 * it: the store holds a lock). Same service and stored state as /api/qa.
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
    },
    `qa ${sub ?? ''}`.trim(),
  );
  if (!sub || !['sample', 'queue', 'score', 'agents', 'export'].includes(sub))
    throw new SwitchboardError('SWB_CLI_USAGE', usage);
  const loaded = await createPolicyLoader().fromPath(values.config ?? presetPath(values.preset ?? defaultPreset));
  if (!loaded.ok) {
    for (const p of loaded.problems) io.out(formatProblem(p));
    return 1;
  }
  const policy = loaded.policy;
  const store = createLowdbStore({ dir: values.data ?? 'data', clock: systemClock });
  await store.open();
  try {
    const qa = createQaService({
      store,
      clock: systemClock,
      bus: createEventBus({ clock: systemClock }),
      policy: () => policy,
    });
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
      const status = (values.status ?? 'pending') as 'pending' | 'reviewed' | 'all';
      const items = await qa.queue({
        status,
        ...(values.agent ? { agent: values.agent } : {}),
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
      });
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
        reviewer: values.reviewer ?? process.env.USER ?? 'cli',
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
      const items = await qa.queue({
        status: (values.status ?? 'all') as 'all',
        ...(values.agent ? { agent: values.agent } : {}),
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
      });
      const text =
        values.format === 'csv'
          ? queueToCsv(
              items,
              requireQa(policy).checklist.map((c) => c.id),
            )
          : `${JSON.stringify({ items })}\n`;
      if (values.out) {
        await writeFile(values.out, text);
        io.err(`wrote ${items.length} row(s) to ${values.out}`);
      } else io.out(text.trimEnd());
    }
    return 0;
  } finally {
    await store.close();
  }
}
