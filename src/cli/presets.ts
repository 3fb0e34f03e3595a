import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPresets, presetsDir } from '../runtime/presets.ts';
import type { CliIo } from './io.ts';

/** `switchboard presets`: the bundled presets with the name line of each. */
export async function presetsCommand(_args: string[], io: CliIo): Promise<number> {
  for (const name of listPresets()) {
    let title = '';
    try {
      title = /^name:\s*(.+)$/m.exec(readFileSync(join(presetsDir, name, 'policy.yaml'), 'utf8'))?.[1] ?? '';
    } catch {
      /* a preset without policy.yaml still lists */
    }
    io.out(`${name.padEnd(14)} ${title}`);
  }
  return 0;
}
