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
      `import * as root from 'switchboard';
import { addBusinessDays, createCalendar } from 'switchboard/calendar';
import { createManualClock } from 'switchboard/testing';
import { createPostgresStore } from 'switchboard/postgres';
const { createSwitchboard, createMemoryStore, errorCodes } = root;
const clock = createManualClock('2026-01-02T09:00:00Z');
const sb = await createSwitchboard({ store: createMemoryStore(), clock, policy: { preset: 'base' }, qa: { tickMs: 0 } });
const seen = [];
sb.events.subscribe('ticket.created', (e) => seen.push(e.ticket.id));
const { ticket } = await sb.tickets.create({ channel: 'chat', subject: 'payment failed at checkout', customer: { id: 'C1' } });
await sb.close();
const day = ['09:00-17:00'];
const calendar = createCalendar({ id: 'office', timezone: 'UTC', hours: { mon: day, tue: day, wed: day, thu: day, fri: day } });
console.log(JSON.stringify({
  priority: ticket.priority, group: ticket.group, codes: Object.keys(errorCodes).length,
  seen: seen.length === 1 && seen[0] === ticket.id,
  monday: new Date(addBusinessDays(calendar, clock.now().getTime(), 1)).toISOString().slice(0, 10),
  postgres: typeof createPostgresStore,
  internals: ['addBusinessDays', 'createDeadlineScheduler', 'reassign', 'createExpressServer'].filter((n) => n in root),
}));`,
    );
    await writeFile(
      join(host, 'types.ts'),
      `import { createSwitchboard, type EventOf, type SwitchboardOptions } from 'switchboard';
import type { BusinessCalendar } from 'switchboard/calendar';
const options: SwitchboardOptions = { policy: { preset: 'base' }, sla: { pollMs: 1000 } };
const sb = await createSwitchboard(options);
sb.events.subscribe('sla.breached', (e: EventOf<'sla.breached'>) => e.ticket.id + e.timer);
export type { BusinessCalendar };
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: host, encoding: 'utf8' }));
    expect(out).toMatchObject({
      priority: 'P0',
      group: 'tech-ops',
      seen: true,
      monday: '2026-01-05',
      postgres: 'function',
    });
    expect(out.internals).toEqual([]);
    expect(out.codes).toBeGreaterThan(10);
    // The published .d.ts files type-check a host's code against the root and a subpath.
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--target',
        'es2022',
        '--skipLibCheck',
        'types.ts',
      ],
      { cwd: host, encoding: 'utf8' },
    );

    const installed = join(host, 'node_modules', 'switchboard');
    expect((await readdir(join(installed, 'dist'))).includes('index.d.ts')).toBe(true);
    const cli = execFileSync(
      process.execPath,
      [join(installed, 'bin', 'switchboard.js'), 'validate', '--preset', 'base'],
      { cwd: host, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(cli).toBe('');
  }, 300_000);
});
