#!/usr/bin/env node
// Runs the compiled CLI when the package was built (npm pack / install), else the TypeScript
// sources through tsx, so in a clone `npm install` is the only set-up step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
let main = built;
if (!existsSync(built)) {
  const { register } = await import('tsx/esm/api');
  register();
  main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
