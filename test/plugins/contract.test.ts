import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pluginContract } from './contract.ts';

const dir = join(process.cwd(), 'plugins');
const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory());

describe('plugins/', () => {
  it('holds the first-party plugins', () => {
    expect(names.sort()).toEqual(expect.arrayContaining(['auto-reply', 'holidays', 'keywords', 'webhook']));
  });
});

for (const name of names) pluginContract(name, dir);
