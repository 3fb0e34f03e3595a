import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/server.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};
const good = { id: 'a', channel: 'chat', subject: 's', customer: { id: 'c' }, createdAt: '2026-11-30T01:00:00Z' };

describe('bad input on the command line gets a SWB_* code with a position', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  const dir = async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    return t.dir;
  };

  it('simulate refuses what import refuses: an unknown channel, a time that is not ISO-8601', async () => {
    const d = await dir();
    const cases = [
      [{ ...good, id: 'b', channel: 'fax' }, 'channel "fax" is not in the candidate policy'],
      [{ ...good, id: 'b', channel: 'emial' }, '(did you mean "email"?)'],
      [
        { ...good, id: 'b', createdAt: '2026/11/30 09:00' },
        '"createdAt" must be an ISO-8601 time, got "2026/11/30 09:00"',
      ],
      [{ ...good, id: 'b', resolvedAt: 'Nov 30 2026' }, '"resolvedAt" must be an ISO-8601 time'],
    ] as const;
    for (const [line, message] of cases) {
      const file = join(d, 'history.jsonl');
      await writeFile(file, `${JSON.stringify(good)}\n${JSON.stringify(line)}\n`);
      const c = capture();
      expect(await run(['simulate', '--preset', 'base', '--tickets', file], c.io)).toBe(1);
      expect(c.err.join('\n')).toContain(`SWB_SIMULATE_INPUT ${file}:2: `);
      expect(c.err.join('\n')).toContain(message);
      expect(c.out).toEqual([]);
    }
    // Times with a space, an offset or no seconds are ISO-8601 and still read.
    const fine = join(d, 'fine.jsonl');
    await writeFile(fine, `${JSON.stringify({ ...good, createdAt: '2026-11-30 09:00+08:00' })}\n`);
    const c = capture();
    expect(await run(['simulate', '--preset', 'base', '--tickets', fine, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out[0]!).tickets).toBe(1);
  });

  it('explain names a missing file and the line and column of malformed JSON, without a stack trace', async () => {
    const d = await dir();
    const missing = capture();
    const nowhere = join(d, 'nowhere.json');
    expect(await run(['explain', '--preset', 'base', '--ticket', nowhere], missing.io)).toBe(1);
    expect(missing.err).toEqual([`SWB_CLI_INPUT ${nowhere}: no such file (given as --ticket)`]);

    const broken = join(d, 'ticket.json');
    await writeFile(broken, '{\n  "channel": "chat",\n  "subject": "hi",,\n}\n');
    const bad = capture();
    expect(await run(['explain', '--preset', 'base', '--ticket', broken], bad.io)).toBe(1);
    expect(bad.err[0]).toMatch(
      new RegExp(`^SWB_CLI_INPUT ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:19: not valid JSON`),
    );
  });

  it('a directory where a file belongs is named, not a stack trace', async () => {
    const d = await dir();
    const imp = capture();
    expect(await run(['import', '--tickets', d, '--data', join(d, 'data')], imp.io)).toBe(2);
    expect(imp.err).toEqual([`SWB_CLI_USAGE import: no file at --tickets ${d}`]);
    const sim = capture();
    expect(await run(['simulate', '--preset', 'base', '--tickets', d], sim.io)).toBe(2);
    expect(sim.err).toEqual([`SWB_CLI_USAGE simulate: no file at --tickets ${d}`]);
    const exp = capture();
    expect(await run(['explain', '--preset', 'base', '--ticket', d], exp.io)).toBe(1);
    expect(exp.err).toEqual([`SWB_CLI_INPUT ${d}: cannot be read (EISDIR)`]);
  });

  it('report daily refuses a date that does not exist and writes nothing', async () => {
    const d = await dir();
    const c = capture();
    const out = join(d, 'reports');
    expect(await run(['report', 'daily', '--date', '2026-11-31', '--data', d, '--out', out], c.io)).toBe(2);
    expect(c.err[0]).toContain('SWB_CLI_USAGE report daily: --date 2026-11-31 is not a day of the calendar');
    expect(existsSync(out)).toBe(false);
  });

  it('--help on every command prints that command’s usage and exits 0', async () => {
    for (const name of [
      'serve',
      'validate',
      'simulate',
      'import',
      'report',
      'calendar',
      'test',
      'explain',
      'presets',
      'qa',
    ]) {
      const c = capture();
      expect(await run([name, '--help'], c.io), name).toBe(0);
      expect(c.err, name).toEqual([]);
      expect(c.out.join('\n'), name).toMatch(new RegExp(`^Usage:\\n  switchboard ${name}( |\\n|$)`));
    }
    const v = capture();
    expect(await run(['validate', 'configs/presets/base', '-h'], v.io)).toBe(0);
    expect(v.out.join('\n')).toContain('Check a policy');
    expect(v.out.join('\n')).not.toContain('switchboard serve');
    const h = capture();
    expect(await run(['help', 'report'], h.io)).toBe(0);
    expect(h.out.join('\n')).toContain('switchboard report daily --date');
  });

  it('an unknown command suggests the nearest one', async () => {
    const c = capture();
    expect(await run(['serv'], c.io)).toBe(2);
    expect(c.err[0]).toMatch(
      /^SWB_CLI_USAGE unknown command "serv" \(did you mean "serve"\?\); the commands are serve, /,
    );
    const far = capture();
    expect(await run(['frobnicate'], far.io)).toBe(2);
    expect(far.err[0]).not.toContain('did you mean');
  });
});
