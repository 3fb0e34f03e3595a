#!/usr/bin/env node
// Compiles src/ to dist/ when dist/ is missing or older than the sources (`npm start` and
// `npm run bench` run it first; a second run with nothing changed takes milliseconds).
// Without the TypeScript compiler (an install without dev dependencies) it does nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { builtIsCurrent, root, sourceFingerprint, stampFile } from './source-state.js';

if (!existsSync(join(root, 'src')) || builtIsCurrent()) process.exit(0);
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('switchboard: dist/ is out of date and TypeScript is not installed; running the sources through tsx.');
  process.exit(0);
}
const fingerprint = sourceFingerprint(); // taken first: an edit made during the build leaves it stale
console.error('switchboard: compiling src/ to dist/ (once per change of the sources)...');
const started = Date.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  console.error('switchboard: compiling failed (see above); running the sources through tsx instead.');
  process.exit(0);
}
writeFileSync(stampFile, `${fingerprint}\n`);
console.error(`switchboard: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
