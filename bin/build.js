#!/usr/bin/env node
// Compiles src/ to dist/ when dist/ is missing or older than the sources (`npm start` and
// `npm run bench` run it first; a second run with nothing changed takes milliseconds). Each
// source file becomes one module of the same name (esbuild strips the types; `npm test` and
// `prepack` run the TypeScript compiler, which checks them and writes the declarations).
// Without esbuild (an install without dev dependencies) it does nothing.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtIsCurrent, root, sourceFingerprint, stampFile } from './source-state.js';

if (!existsSync(join(root, 'src')) || builtIsCurrent()) process.exit(0);
let esbuild;
try {
  esbuild = await import(pathToFileURL(createRequire(import.meta.url).resolve('esbuild')).href);
} catch {
  console.error('switchboard: dist/ is out of date and esbuild is not installed; running the sources through tsx.');
  process.exit(0);
}
const fingerprint = sourceFingerprint(); // taken first: an edit made during the build leaves it stale
console.error('switchboard: compiling src/ to dist/ (once per change of the sources)...');
const started = Date.now();
const src = join(root, 'src');
const dist = join(root, 'dist');
const sources = readdirSync(src, { recursive: true })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join(src, f));
rmSync(dist, { recursive: true, force: true });
// Every import stays an import (nothing is bundled); a relative one names the compiled file.
const keepImports = {
  name: 'keep-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relative = /^\.\.?\//.test(args.path);
      return { path: relative ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
    });
  },
};
try {
  await esbuild.build({
    entryPoints: sources,
    outdir: dist,
    outbase: src,
    bundle: true,
    plugins: [keepImports],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'error',
  });
} catch {
  rmSync(dist, { recursive: true, force: true });
  console.error('switchboard: compiling failed (see above); running the sources through tsx instead.');
  process.exit(0);
}
writeFileSync(stampFile, `${fingerprint}\n`);
console.error(`switchboard: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
