import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SwitchboardError } from '../core/errors/index.ts';
import { didYouMean } from '../core/util/suggest.ts';

/** Bundled presets live beside the code: `configs/presets/<name>/`. */
export const presetsDir = fileURLToPath(new URL('../../configs/presets/', import.meta.url));
export const defaultPreset = 'base';

export function listPresets(): string[] {
  return readdirSync(presetsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * The directory of a bundled preset, or undefined (no throw: `extends` reports it with a position).
 * `<name>/process` is the preset's process without its sample team, `<name>/team` the team alone.
 */
export function findPreset(name: string): string | undefined {
  const dir = join(presetsDir, name);
  return /^[a-z0-9-]+(\/(process|team))?$/.test(name) && existsSync(dir) ? dir : undefined;
}

export function unknownPresetMessage(name: string): string {
  const all = listPresets();
  return `no preset "${name}"${didYouMean(name, all)}; bundled presets: ${all.join(', ')}`;
}

/** The directory of a bundled preset; a clear error naming the presets there are. */
export function presetPath(name: string): string {
  const dir = findPreset(name);
  if (!dir) throw new SwitchboardError('SWB_CONFIG_NOT_FOUND', unknownPresetMessage(name));
  return dir;
}
