// `npm run bench`: measures the code as `npm start` runs it. bin/build.js has compiled src/ to
// dist/ (prebench); the compiled runtime is loaded here by plain Node before tsx is registered
// (scoped to the bench's own TypeScript files), and the intake bench serves it. Without a current
// dist/ the benches run the sources through tsx, and the results say so.
// One bench alone, compiled: node bin/build.js && node bench/main.mjs bench/intake.ts [--quick]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { builtIsCurrent } from '../bin/source-state.js';

if (builtIsCurrent())
  globalThis.__switchboardBenchRuntime = {
    ...(await import('../dist/index.js')),
    ...(await import('../dist/entry/postgres.js')),
    ...(await import('../dist/entry/testing.js')),
  };
const target = process.argv[2]?.endsWith('.ts') ? pathToFileURL(resolve(process.argv[2])).href : './run.ts';
await tsImport(target, import.meta.url);
