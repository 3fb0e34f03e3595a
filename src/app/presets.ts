import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SwitchboardError } from '../errors/index.ts';

export const presetsDir = fileURLToPath(new URL('../../configs/presets/', import.meta.url));
export const defaultPreset = 'base';

export function listPresets(): string[] {
  return readdirSync(presetsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** The directory of a bundled preset; a clear error naming the presets there are. */
export function presetPath(name: string): string {
  const dir = join(presetsDir, name);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(dir)) {
    throw new SwitchboardError('SWB_CONFIG_NOT_FOUND', `no preset "${name}"; bundled presets: ${listPresets().join(', ')}`);
  }
  return dir;
}
