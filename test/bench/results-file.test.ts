import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type BenchMeasurement,
  formatResult,
  readCommit,
  readMachine,
  recordRun,
  renderResultsFile,
  type ResultsBook,
} from '../../bench/results-file.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// A result object shaped like the runner's merged one: a list of rows and a nested object.
const results = {
  rules: [
    { ruleCount: 40, compiledPerSec: 208601.5, referencePerSec: 1411, ratio: 147.8, mismatches: 0 },
    { ruleCount: 1000, compiledPerSec: 10874, referencePerSec: 52, ratio: 209.1, mismatches: 0 },
  ],
  calendar: { addMinutesPerSec: 512000, note: 'business minutes over a holiday calendar' },
};

const machine = { cpu: 'AMD EPYC 7B13', cores: 2, memoryBytes: 8 * 2 ** 30, os: 'Linux 6.1.0', node: 'v20.20.0' };
const measurement = (over: Partial<BenchMeasurement>): BenchMeasurement => ({
  date: '2026-12-02T09:30:00.000Z',
  machine,
  commit: { sha: '3ad7eb4c0ffee3ad7eb4c0ffee3ad7eb4c0ffee0', dirty: true },
  quick: false,
  runtime: 'compiled',
  seconds: 41.25,
  results: {},
  ...over,
});
const book: ResultsBook = {
  rules: measurement({ results: { rules: results.rules } }),
  calendar: measurement({ seconds: 3.04, results: { calendar: results.calendar } }),
};
const section = (text: string, name: string) => {
  const start = text.indexOf(`\n## ${name}\n`);
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start, next === -1 ? undefined : next);
};

describe('bench/RESULTS.md', () => {
  it('says for each bench when, on what machine and at which commit its numbers were measured', () => {
    const text = renderResultsFile(book);
    expect(text).toContain('`npm run bench -- --write`');
    const rules = section(text, 'rules');
    expect(rules).toContain('- date: 2026-12-02T09:30:00.000Z');
    expect(rules).toContain('- machine: AMD EPYC 7B13, 2 cores, 8.0 GiB RAM, Linux 6.1.0, Node v20.20.0');
    expect(rules).toContain('- commit: 3ad7eb4c0ffee3ad7eb4c0ffee3ad7eb4c0ffee0 with uncommitted changes');
    expect(rules).toContain('- run: full, server code compiled (dist/), 41.3 s');
    const quick = renderResultsFile({
      calendar: measurement({ quick: true, runtime: 'tsx', commit: { sha: 'abc', dirty: false } }),
    });
    expect(quick).toContain('- commit: abc\n');
    expect(quick).toContain('- run: quick (smaller samples: a smoke run, not a measurement), server code through tsx');
  });

  it('holds every result key as the table the runner prints, bench by bench in registry order', () => {
    const text = renderResultsFile(book);
    expect([...text.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['rules', 'calendar']);
    expect(section(text, 'rules')).toContain(`### rules\n\n\`\`\`text\n${formatResult(results.rules)}\n\`\`\``);
    expect(formatResult(results.rules).split('\n')).toEqual([
      'ruleCount  compiledPerSec  referencePerSec  ratio  mismatches',
      '       40       208,601.5            1,411  147.8           0',
      '    1,000          10,874               52  209.1           0',
    ]);
    expect(text).toContain('"note": "business minutes over a holiday calendar"');
    expect(text.endsWith('```\n')).toBe(true);
  });

  it('a run of some benches replaces their sections and keeps the others as measured', () => {
    const later = measurement({ date: '2026-12-04T20:00:00.000Z', results: { calendar: { addMinutesPerSec: 1 } } });
    const next = recordRun(book, { calendar: later }, ['rules', 'calendar', 'intake']);
    expect(Object.keys(next)).toEqual(['rules', 'calendar']);
    expect(next.rules).toBe(book.rules);
    expect(next.calendar).toBe(later);
    const added = recordRun(next, { intake: later }, ['intake', 'rules', 'calendar']);
    expect(Object.keys(added)).toEqual(['intake', 'rules', 'calendar']);
    const text = renderResultsFile(added);
    expect(section(text, 'rules')).toContain('- date: 2026-12-02T09:30:00.000Z');
    expect(section(text, 'calendar')).toContain('- date: 2026-12-04T20:00:00.000Z');
  });

  it('reads the machine from the operating system and the commit from git', () => {
    const machine = readMachine();
    expect(machine.cores).toBe(cpus().length);
    expect(machine.memoryBytes).toBe(totalmem());
    expect(machine.cpu).toBe(cpus()[0]!.model.trim());
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    expect(readCommit(repo).sha).toBe(head);
  });
});
