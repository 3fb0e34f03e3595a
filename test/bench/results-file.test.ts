import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatResult, readCommit, readMachine, renderResultsFile } from '../../bench/results-file.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

// A result object shaped like the runner's merged one: a list of rows and a nested object.
const results = {
  rules: [
    { ruleCount: 40, compiledPerSec: 208601.5, referencePerSec: 1411, ratio: 147.8, mismatches: 0 },
    { ruleCount: 1000, compiledPerSec: 10874, referencePerSec: 52, ratio: 209.1, mismatches: 0 },
  ],
  calendar: { addMinutesPerSec: 512000, note: 'business minutes over a holiday calendar' },
};

const run = {
  date: new Date('2026-12-02T09:30:00.000Z'),
  machine: { cpu: 'AMD EPYC 7B13', cores: 2, memoryBytes: 8 * 2 ** 30, os: 'Linux 6.1.0', node: 'v20.20.0' },
  commit: { sha: '3ad7eb4c0ffee3ad7eb4c0ffee3ad7eb4c0ffee0', dirty: true },
  quick: false,
  runtime: 'compiled' as const,
  results,
  durations: [
    { name: 'rules', seconds: 41.25 },
    { name: 'calendar', seconds: 3.04 },
  ],
};

describe('bench/RESULTS.md', () => {
  it('says when, on what machine and at which commit the numbers were measured', () => {
    const text = renderResultsFile(run);
    const header = text.slice(0, text.indexOf('\n## '));
    expect(header).toContain('- date: 2026-12-02T09:30:00.000Z');
    expect(header).toContain('- machine: AMD EPYC 7B13, 2 cores, 8.0 GiB RAM, Linux 6.1.0, Node v20.20.0');
    expect(header).toContain('- commit: 3ad7eb4c0ffee3ad7eb4c0ffee3ad7eb4c0ffee0 with uncommitted changes');
    expect(header).toContain('- run: full, server code compiled (dist/)');
    expect(header).toContain('- time per bench: rules 41.3 s, calendar 3.0 s');
    expect(header).toContain('`npm run bench -- --write`');
    const clean = renderResultsFile({ ...run, quick: true, runtime: 'tsx', commit: { sha: 'abc', dirty: false } });
    expect(clean).toContain('- commit: abc\n');
    expect(clean).toContain('- run: quick (smaller samples: a smoke run, not a measurement), server code through tsx');
  });

  it('holds every result key as the table the runner prints, in run order', () => {
    const text = renderResultsFile(run);
    expect([...text.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(['rules', 'calendar']);
    const rules = text.slice(text.indexOf('## rules'), text.indexOf('## calendar'));
    expect(rules).toContain(`\`\`\`text\n${formatResult(results.rules)}\n\`\`\``);
    expect(formatResult(results.rules).split('\n')).toEqual([
      'ruleCount  compiledPerSec  referencePerSec  ratio  mismatches',
      '       40       208,601.5            1,411  147.8           0',
      '    1,000          10,874               52  209.1           0',
    ]);
    expect(text).toContain('"note": "business minutes over a holiday calendar"');
    expect(text.endsWith('```\n')).toBe(true);
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
