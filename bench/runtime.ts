// What the intake bench serves: the compiled runtime when bench/main.mjs loaded it (as
// `npm start` runs it), else the TypeScript sources (a bench file run alone through tsx).
import * as sources from '../src/index.ts';

type Runtime = Pick<typeof sources, 'createSwitchboard' | 'startServer' | 'createLowdbStore' | 'createMemoryStore' | 'createPostgresStore' | 'silentLogger'>;

const compiled = (globalThis as { __switchboardBenchRuntime?: Runtime }).__switchboardBenchRuntime;

export const runtime: Runtime = compiled ?? sources;
/** How the measured server code ran, for the results. */
export const runtimeKind = compiled ? 'compiled dist/ on node' : 'TypeScript sources through tsx';
