/**
 * bench/RESULTS.md: the latest results of each bench as `npm run bench -- --write` measured them,
 * each with the date, the machine and the commit it was measured on, so a number is never quoted
 * without its circumstances. `--write --only=a,b` replaces the sections of a and b and keeps the
 * others as they were measured; bench/results.json holds the same, machine-readable, and is what
 * the next write starts from. The tables are the ones the runner prints.
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

/** One bench as measured: its circumstances and the result keys it reported. */
export interface BenchMeasurement {
  /** ISO date and time the run started. */
  date: string;
  machine: Machine;
  /** `git rev-parse HEAD`, plus whether the work tree had uncommitted changes. */
  commit: { sha: string; dirty: boolean };
  quick: boolean;
  /** Whether the server code ran compiled (dist/, as `npm start` runs it) or through tsx. */
  runtime: 'compiled' | 'tsx';
  /** Wall time of the bench. */
  seconds: number;
  results: Record<string, unknown>;
}

/** bench/results.json: the latest measurement of each bench, by bench name, in registry order. */
export type ResultsBook = Record<string, BenchMeasurement>;

/** The book with the benches of this run replaced, ordered as `order` (the registry) lists them. */
export function recordRun(book: ResultsBook, run: ResultsBook, order: readonly string[]): ResultsBook {
  const merged = { ...book, ...run };
  const out: ResultsBook = {};
  for (const name of order) if (merged[name]) out[name] = merged[name]!;
  return out;
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
    // the results files themselves do not make the measured code dirty
    const changed = git('status', '--porcelain', '--untracked-files=no')
      .split('\n')
      .filter((line) => line !== '' && !/ bench\/(RESULTS\.md|results\.json)$/.test(line));
    return { sha: git('rev-parse', 'HEAD'), dirty: changed.length > 0 };
  } catch {
    return { sha: 'unknown (not a git work tree)', dirty: false };
  }
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

export function renderResultsFile(book: ResultsBook): string {
  const out = [
    '# Benchmark results',
    '',
    'Written by `npm run bench -- --write` (`--only=a,b` rewrites those sections); run it again rather',
    'than editing this file. What each bench measures and its targets:',
    '[docs/performance.md](../docs/performance.md). Machine-readable: [results.json](results.json).',
  ];
  for (const [name, m] of Object.entries(book)) {
    const c = m.machine;
    out.push(
      '',
      `## ${name}`,
      '',
      `- date: ${m.date}`,
      `- machine: ${c.cpu}, ${c.cores} cores, ${gib(c.memoryBytes)} RAM, ${c.os}, Node ${c.node}`,
      `- commit: ${m.commit.sha}${m.commit.dirty ? ' with uncommitted changes' : ''}`,
      `- run: ${m.quick ? 'quick (smaller samples: a smoke run, not a measurement)' : 'full'}, server code ${
        m.runtime === 'compiled' ? 'compiled (dist/)' : 'through tsx'
      }, ${m.seconds.toFixed(1)} s`,
    );
    for (const [key, value] of Object.entries(m.results))
      out.push('', `### ${key}`, '', '```text', formatResult(value), '```');
  }
  return `${out.join('\n')}\n`;
}
