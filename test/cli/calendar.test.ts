import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/server.ts';

const calendarsOnly = `calendars:
  - id: office
    timezone: Europe/Berlin
    hours:
      mon: ["09:00-12:00", "13:00-17:00"]
      tue: ["09:00-17:00"]
    holidays: ["2026-01-06"]
`;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('switchboard calendar', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  const file = async (text: string) => {
    const { dir, remove } = await tempDir();
    cleanups.push(remove);
    const path = join(dir, 'calendars.yaml');
    await writeFile(path, text);
    return path;
  };

  it('computes with a file that holds only calendars, one line each', async () => {
    const config = await file(calendarsOnly);
    const base = ['--config', config, '--calendar', 'office'];
    expect(await cli(['calendar', 'add', ...base, '--from', '2026-01-05T10:30:00Z', '--minutes', '60'])).toMatchObject({
      code: 0,
      out: ['2026-01-05T12:30:00.000Z'],
    });
    // 16:00 local Monday + 60 min: uses up the day exactly → next opening; Tuesday is a holiday → none until next Monday.
    expect((await cli(['calendar', 'add', ...base, '--from', '2026-01-05T15:00:00Z', '--minutes', '60'])).out).toEqual([
      '2026-01-12T08:00:00.000Z',
    ]);
    expect(
      (await cli(['calendar', 'subtract', ...base, '--from', '2026-01-05T12:30:00Z', '--seconds', '3600'])).out,
    ).toEqual(['2026-01-05T10:30:00.000Z']);
    expect((await cli(['calendar', 'add', ...base, '--from', '2026-01-05T10:30:00Z', '--days', '1'])).out).toEqual([
      '2026-01-12T10:30:00.000Z',
    ]);
    expect(
      (await cli(['calendar', 'between', ...base, '--from', '2026-01-05T07:00:00Z', '--to', '2026-01-05T12:00:00Z']))
        .out,
    ).toEqual(['10800']);
    expect((await cli(['calendar', 'open', ...base, '--at', '2026-01-05T11:30:00Z'])).out).toEqual(['false']);
    expect((await cli(['calendar', 'open', ...base, '--at', '2026-01-05T12:30:00Z'])).out).toEqual(['true']);
    expect(
      (await cli(['calendar', 'open', '--config', config, '--calendar', '24x7', '--at', '2026-01-04T03:00:00Z'])).out,
    ).toEqual(['true']);
  });

  it('reports calendar problems with file:line:col and exits 1', async () => {
    const config = await file(
      'calendars:\n  - id: bad\n    timezone: Mars/Base\n    hours:\n      mon: ["17:00-09:00x"]\n',
    );
    const r = await cli(['calendar', 'open', '--config', config, '--calendar', 'bad', '--at', '2026-01-05T12:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.out.length).toBeGreaterThan(0);
    expect(r.out.join('\n')).toMatch(/calendars\.yaml:3:15 SWB_CONFIG_SCHEMA .*Mars\/Base/);
  });

  it('usage errors exit 2 and say how to fix', async () => {
    const config = await file(calendarsOnly);
    const r = await cli([
      'calendar',
      'add',
      '--config',
      config,
      '--calendar',
      'ofice',
      '--from',
      '2026-01-05T10:30:00Z',
      '--minutes',
      '5',
    ]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('unknown calendar "ofice"');
  });
});
