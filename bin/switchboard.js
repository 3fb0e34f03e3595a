#!/usr/bin/env node
// Runs the compiled CLI when dist/ matches the sources (always so in an installed package;
// `npm start` compiles first in a clone), else the TypeScript sources through tsx, so a stale
// build never runs and `npm install` stays the only set-up step.
import { fileURLToPath } from 'node:url';
import { builtIsCurrent } from './source-state.js';

let main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!builtIsCurrent()) {
  const { register } = await import('tsx/esm/api');
  register();
  main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
