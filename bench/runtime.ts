// What the intake bench serves: the compiled runtime when bench/main.mjs loaded it (as
// `npm start` runs it), else the TypeScript sources (a bench file run alone through tsx). The
// sources load only in that case, so a compiled run does not hold a second copy of the app.
type Sources = typeof import('../src/index.ts') &
  typeof import('../src/entry/postgres.ts') &
  typeof import('../src/entry/testing.ts');
type Runtime = Pick<
  Sources,
  | 'createSwitchboard'
  | 'startServer'
  | 'createLowdbStore'
  | 'createMemoryStore'
  | 'createPostgresStore'
  | 'silentLogger'
>;

const compiled = (globalThis as { __switchboardBenchRuntime?: Runtime }).__switchboardBenchRuntime;

export const runtime: Runtime = compiled ?? {
  ...(await import('../src/index.ts')),
  ...(await import('../src/entry/postgres.ts')),
  ...(await import('../src/entry/testing.ts')),
};
/** How the measured server code ran, for the results. */
export const runtimeKind = compiled ? 'compiled dist/ on node' : 'TypeScript sources through tsx';
