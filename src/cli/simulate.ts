import { createPolicyLoader } from '../config/load.ts';
import type { Policy } from '../core/policy/types.ts';
import { invalidPolicy } from '../config/invalid-policy.ts';
import { defaultPreset, presetPath } from '../runtime/presets.ts';
import { SwitchboardError } from '../core/errors/index.ts';
import { statSync } from 'node:fs';
import { readHistory } from './read-history.ts';
import type { HistoricalTicket } from '../core/simulate/history.ts';
import { didYouMean, listValues } from '../core/util/suggest.ts';
import { simulate, type SimulationResult } from '../core/simulate/simulate.ts';
import { parseCommandArgs } from './args.ts';
import type { CliIo } from './io.ts';

/**
 * `switchboard simulate --config <candidate> [--baseline <dir>] --tickets <file.jsonl|file.csv>`
 * Replays history through both policies and reports what would change.
 */
export async function simulateCommand(args: string[], io: CliIo, opts: { isTty?: boolean } = {}): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      config: { type: 'string' },
      preset: { type: 'string' },
      baseline: { type: 'string' },
      tickets: { type: 'string' },
      json: { type: 'boolean' },
      reclassify: { type: 'boolean' },
      'max-changes': { type: 'string' },
      'as-of': { type: 'string' },
    },
    'simulate',
  );
  if (!values.tickets)
    throw new SwitchboardError('SWB_CLI_USAGE', 'simulate: --tickets <file.jsonl|file.csv> is required');
  const candidatePath = values.config ?? (values.preset ? presetPath(values.preset) : undefined);
  if (!candidatePath)
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      'simulate: name the candidate policy with --config <dir> (or --preset <name>)',
    );
  const baselinePath = values.baseline ?? presetPath(defaultPreset);
  const loader = createPolicyLoader();
  const load = async (path: string): Promise<Policy> => {
    const r = await loader.fromPath(path);
    if (!r.ok) throw invalidPolicy(r.problems);
    return r.policy;
  };
  const [candidate, baseline] = await Promise.all([load(candidatePath), load(baselinePath)]);
  const maxChanges = values['max-changes'] !== undefined ? Number(values['max-changes']) : 20;
  const asOf = values['as-of'] !== undefined ? Date.parse(values['as-of']) : undefined;
  if (!Number.isInteger(maxChanges) || maxChanges < 0)
    throw new SwitchboardError('SWB_CLI_USAGE', 'simulate: --max-changes must be a whole number');
  if (asOf !== undefined && Number.isNaN(asOf))
    throw new SwitchboardError('SWB_CLI_USAGE', 'simulate: --as-of must be an ISO-8601 time');
  const tty = opts.isTty ?? Boolean(process.stderr.isTTY);
  const started = Date.now();
  if (!statSync(values.tickets, { throwIfNoEntry: false })?.isFile())
    throw new SwitchboardError('SWB_CLI_USAGE', `simulate: no file at --tickets ${values.tickets}`);
  // The same channel check as import: a ticket of a channel the policy lacks cannot be decided.
  const knownChannel = (t: HistoricalTicket, where: string) => {
    if (!candidate.channels.has(t.channel))
      throw new SwitchboardError(
        'SWB_SIMULATE_INPUT',
        `${where}: channel "${t.channel}" is not in the candidate policy${didYouMean(t.channel, candidate.channels.keys())}; use one of ${listValues(candidate.channels.keys())}`,
        { path: where },
      );
  };
  const result = await simulate(readHistory(values.tickets, knownChannel), {
    baseline: { policy: baseline, source: baselinePath },
    candidate: { policy: candidate, source: candidatePath },
    maxChanges,
    ...(values.reclassify ? { reclassify: true } : {}),
    ...(asOf !== undefined ? { asOf } : {}),
    onProgress: tty
      ? (n) =>
          process.stderr.write(
            `\r  replayed ${n.toLocaleString('en')} tickets (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          )
      : undefined,
  });
  if (tty) process.stderr.write('\n');
  if (values.json) io.out(JSON.stringify(result));
  else for (const line of renderText(result)) io.out(line);
  return 0;
}

function renderText(r: SimulationResult): string[] {
  const lines = [`${r.tickets} tickets replayed; ${r.changed} decided differently (as of ${r.asOf})`, ''];
  const table = (title: string, a: Record<string, number>, b: Record<string, number>) => {
    lines.push(`${title.padEnd(28)} ${'baseline'.padStart(10)} ${'candidate'.padStart(10)} ${'change'.padStart(8)}`);
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const x = a[k] ?? 0;
      const y = b[k] ?? 0;
      lines.push(
        `  ${k.padEnd(26)} ${String(x).padStart(10)} ${String(y).padStart(10)} ${(y - x >= 0 ? '+' : '') + String(y - x)}`.trimEnd(),
      );
    }
    lines.push('');
  };
  table('priority', r.baseline.byPriority, r.candidate.byPriority);
  table('group', r.baseline.byGroup, r.candidate.byGroup);
  table('first-response target', r.baseline.firstResponseTargets, r.candidate.firstResponseTargets);
  table('resolution target', r.baseline.resolutionTargets, r.candidate.resolutionTargets);
  table('breaches', r.baseline.breaches, r.candidate.breaches);
  if (r.changes.length) {
    lines.push(`first ${r.changes.length} changed tickets:`);
    for (const c of r.changes) {
      const what = Object.entries(c.changes)
        .map(([k, [a, b]]) => `${k} ${String(a)} → ${String(b)}`)
        .join(', ');
      const why = Object.entries(c.reasons.candidate)
        .map(([k, id]) => `${k} by ${id}`)
        .join(', ');
      lines.push(`  ${c.id}: ${what}${why ? ` (candidate: ${why})` : ''}`);
    }
  }
  return lines;
}
