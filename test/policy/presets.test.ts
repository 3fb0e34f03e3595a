import { readFile, writeFile } from 'node:fs/promises';
import { copyPreset } from '../helpers/standalone-base.ts';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listPresets, presetPath } from '../../src/runtime/presets.ts';
import { run } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/server.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe('bundled presets', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('include the base and the six industries', () => {
    expect(listPresets()).toEqual(
      expect.arrayContaining(['base', 'ecommerce', 'saas', 'finance', 'education', 'manufacturing', 'callcenter']),
    );
  });

  for (const name of ['base', 'ecommerce', 'saas', 'finance', 'education', 'manufacturing', 'callcenter']) {
    it(`${name}: validates without problems and passes its own tests`, async () => {
      const v = capture();
      expect(await run(['validate', '--preset', name, '--json'], v.io)).toBe(0);
      expect(JSON.parse(v.out[0] ?? '{}').problems).toEqual([]);
      const t = capture();
      const code = await run(['test', presetPath(name), '--json'], t.io);
      const report = JSON.parse(t.out[0] ?? '{}');
      expect(report.results.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
      expect(report.passed).toBeGreaterThanOrEqual(5);
      expect(code).toBe(0);
    });
  }

  it('every preset file names its schema for editors', async () => {
    for (const name of listPresets()) {
      const { readdir } = await import('node:fs/promises');
      for (const f of (await readdir(presetPath(name))).filter((n) => n.endsWith('.yaml'))) {
        const first = (await readFile(join(presetPath(name), f), 'utf8')).split('\n')[0];
        expect(first, `${name}/${f}`).toMatch(
          /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/schemas\/(policy-file|tests)\.schema\.json$/,
        );
      }
    }
  });

  it('a failing policy test prints a readable diff and exits 1', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await copyPreset('ecommerce', dir);
    await writeFile(
      join(dir, 'policy.yaml'),
      (await readFile(join(dir, 'policy.yaml'), 'utf8')).replace(
        '\nrouting:',
        '\n  - id: standard\n    targets:\n      firstResponse:\n        P0: { voice: 5m, default: 15m }\n\nrouting:',
      ),
    );
    const t = capture();
    expect(await run(['test', dir], t.io)).toBe(1);
    const text = t.out.join('\n');
    expect(text).toMatch(/✗ .*ecommerce\.test\.yaml:\d+ a failed payment on web chat is P0/);
    expect(text).toContain('sla.firstResponse:\n      - expected 10m\n      + actual   15m');
    expect(t.err.join('\n')).toMatch(/\d+ passed, 1 failed/);
  });
});
