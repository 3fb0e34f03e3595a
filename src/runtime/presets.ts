// Presets are resolved by the config core (extends: preset:<name>); re-exported for the shell.
export { defaultPreset, listPresets, presetPath, presetsDir } from '../config/presets.ts';
