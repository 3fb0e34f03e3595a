import { spawnSync } from 'node:child_process';
import { copyBasePreset } from '../helpers/standalone-base.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/switchboard.js');
const run = (args: string[], cwd = root) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });

describe('switchboard validate (the real binary)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('exits 0 on the bundled preset', () => {
    const r = run(['validate', 'configs/presets/base']);
    expect(r.stderr).toContain('valid');
    expect(r.status).toBe(0);
  });

  it('prints every problem as file:line:col SWB_CODE message and exits 1', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await copyBasePreset(dir);
    const routing = join(dir, 'routing.yaml');
    await writeFile(
      routing,
      (await readFile(routing, 'utf8')).replace('params: { group: tech-ops }', 'params: { group: tech-opz }'),
    );
    const slas = join(dir, 'slas.yaml');
    await writeFile(slas, (await readFile(slas, 'utf8')).replace('        P0: 2h\n', '        P0: two hours\n'));
    await writeFile(join(dir, 'zz-broken.yaml'), 'channels:\n  - { id: fax, kind: voice\n');

    const r = run(['validate', dir], dir);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    // A syntax error in one file does not hide the other files' problems...
    const slaLine0 = (await readFile(slas, 'utf8')).split('\n').findIndex((l) => l.includes('two hours')) + 1;
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^slas\\.yaml:${slaLine0}:13 SWB_CONFIG_DURATION `)),
      expect.stringMatching(/^zz-broken\.yaml:\d+:\d+ SWB_CONFIG_YAML /),
    ]);

    await writeFile(join(dir, 'zz-broken.yaml'), 'channels:\n  - { id: fax, kind: voice }\n');
    const again = run(['validate', dir], dir);
    expect(again.status).toBe(1);
    // ...and once fixed, schema problems are all reported with their positions.
    const slaLine = (await readFile(slas, 'utf8')).split('\n').findIndex((l) => l.includes('two hours')) + 1;
    expect(again.stdout).toContain(`slas.yaml:${slaLine}:13 SWB_CONFIG_DURATION`);

    await writeFile(slas, (await readFile(slas, 'utf8')).replace('        P0: two hours\n', '        P0: 2h\n'));
    const third = run(['validate', dir, '--json'], dir);
    expect(third.status).toBe(1);
    const json = JSON.parse(third.stdout);
    expect(json.ok).toBe(false);
    const routingLine = (await readFile(routing, 'utf8')).split('\n').findIndex((l) => l.includes('tech-opz')) + 1;
    expect(json.problems).toEqual([
      expect.objectContaining({
        file: 'routing.yaml',
        line: routingLine,
        code: 'SWB_CONFIG_UNKNOWN_REF',
        message: expect.stringContaining('did you mean "tech-ops"'),
      }),
    ]);
  });

  it('refuses to serve a broken policy: prints the problems and exits 1', async () => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    await writeFile(join(dir, 'policy.yaml'), 'version: 1\nid: x\nchannels: []\n');
    const r = run(['serve', '--config', dir, '--data', join(dir, 'data'), '--port', '0'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('SWB_CONFIG_INVALID');
    expect(r.stderr).toMatch(/policy\.yaml:\d+:\d+ SWB_CONFIG_SCHEMA missing required key "categories"/);
  });
});
