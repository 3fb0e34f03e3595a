import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production', npm_config_audit: 'false', npm_config_fund: 'false' },
  });

describe('the npm package', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });

  it('packs, installs into an empty project, and works from its exports (API, types, CLI)', async () => {
    const { dir, remove } = await tempDir('swb-pack-');
    cleanups.push(remove);
    // Pack from a staging copy so the repo never holds a (possibly stale) dist/.
    const stage = join(dir, 'stage');
    await mkdir(stage);
    for (const entry of [
      'package.json',
      'package-lock.json',
      'README.md',
      'tsconfig.json',
      'tsconfig.build.json',
      'bin',
      'src',
      'schemas',
      'configs',
    ]) {
      await cp(join(root, entry), join(stage, entry), { recursive: true });
    }
    await symlink(join(root, 'node_modules'), join(stage, 'node_modules'));
    npm(['pack', '--pack-destination', dir], stage);
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const host = join(dir, 'host');
    await mkdir(host);
    await writeFile(join(host, 'package.json'), JSON.stringify({ name: 'host', private: true, type: 'module' }));
    npm(['install', '--prefer-offline', '--no-save', join(dir, tarball as string)], host);
    await writeFile(
      join(host, 'main.mjs'),
      `import { createSwitchboard, createMemoryStore, errorCodes } from 'switchboard';
const sb = await createSwitchboard({ store: createMemoryStore(), preset: 'base' });
const { ticket } = await sb.tickets.create({ channel: 'chat', subject: 'payment failed at checkout', customer: { id: 'C1' } });
await sb.close();
console.log(JSON.stringify({ priority: ticket.priority, group: ticket.group, codes: Object.keys(errorCodes).length }));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: host, encoding: 'utf8' }));
    expect(out).toMatchObject({ priority: 'P0', group: 'tech-ops' });
    expect(out.codes).toBeGreaterThan(10);

    const installed = join(host, 'node_modules', 'switchboard');
    expect((await readdir(join(installed, 'dist'))).includes('index.d.ts')).toBe(true);
    const cli = execFileSync(
      process.execPath,
      [join(installed, 'bin', 'switchboard.js'), 'validate', '--preset', 'base'],
      { cwd: host, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(cli).toBe('');
  }, 180_000);
});
