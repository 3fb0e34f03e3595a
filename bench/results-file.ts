/**
 * bench/RESULTS.md: the latest results of `npm run bench -- --write`, with the date, the machine
 * and the commit they were measured on, so a number is never quoted without its circumstances.
 * The tables are the ones the runner prints, so the file and the terminal always agree.
 */
import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
}

export interface BenchRun {
  date: Date;
  machine: Machine;
  /** `git rev-parse HEAD`, plus whether the work tree had uncommitted changes. */
  commit: { sha: string; dirty: boolean };
  quick: boolean;
  /** Whether the server code ran compiled (dist/, as `npm start` runs it) or through tsx. */
  runtime: 'compiled' | 'tsx';
  results: Record<string, unknown>;
  /** Wall time of each bench, in the order they ran. */
  durations: { name: string; seconds: number }[];
}

/** One result key as the runner prints it: an aligned table for a list of rows, else JSON. */
export function formatResult(value: unknown): string {
  if (Array.isArray(value) && value.every((row) => row !== null && typeof row === 'object')) {
    const rows = value as Record<string, unknown>[];
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cells = rows.map((r) =>
      cols.map((c) => (typeof r[c] === 'number' ? (r[c] as number).toLocaleString('en-US') : String(r[c] ?? ''))),
    );
    const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
    const line = (xs: string[]) => xs.map((x, i) => x.padStart(widths[i]!)).join('  ');
    return [line(cols), ...cells.map(line)].join('\n');
  }
  return JSON.stringify(value, null, 2);
}

export function readMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    memoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
  };
}

export function readCommit(cwd: string): { sha: string; dirty: boolean } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  try {
    return { sha: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return { sha: 'unknown (not a git work tree)', dirty: false };
  }
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

export function renderResultsFile(run: BenchRun): string {
  const m = run.machine;
  const out = [
    '# Benchmark results',
    '',
    'Written by `npm run bench -- --write`; run it again rather than editing this file. What each',
    'bench measures and its targets: [docs/performance.md](../docs/performance.md).',
    '',
    `- date: ${run.date.toISOString()}`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${gib(m.memoryBytes)} RAM, ${m.os}, Node ${m.node}`,
    `- commit: ${run.commit.sha}${run.commit.dirty ? ' with uncommitted changes' : ''}`,
    `- run: ${run.quick ? 'quick (smaller samples: a smoke run, not a measurement)' : 'full'}, server code ${
      run.runtime === 'compiled' ? 'compiled (dist/)' : 'through tsx'
    }`,
    `- time per bench: ${run.durations.map((d) => `${d.name} ${d.seconds.toFixed(1)} s`).join(', ')}`,
  ];
  for (const [key, value] of Object.entries(run.results)) {
    out.push('', `## ${key}`, '', '```text', formatResult(value), '```');
  }
  return `${out.join('\n')}\n`;
}
