/** Import rules of the house (docs/architecture.md): run by `npm run check:deps` and in `npm test`. */
const shell = '^src/(config|runtime|auth|http|realtime|channels|store|postgres|cli|plugins|report|simulate)/';
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Modules never import each other in a ring.', from: { path: '^(src|plugins)/' }, to: { circular: true } },
    { name: 'core-stays-pure', severity: 'error', comment: 'The core (src/core) imports nothing of the shell.', from: { path: '^src/core/' }, to: { path: shell } },
    {
      name: 'core-without-io',
      severity: 'error',
      comment: 'The core uses no Node I/O, no HTTP, sockets, files or databases: only the pure libraries listed here.',
      from: { path: '^src/core/' },
      to: { dependencyTypesNot: ['local', 'type-only'], pathNot: ['node_modules/(json-rules-engine|luxon|re2js)/', '^crypto$'] },
    },
    { name: 'auth-below-edges', severity: 'error', comment: 'auth is shared by http and realtime, so it imports neither.', from: { path: '^src/auth/' }, to: { path: '^src/(http|realtime|cli)/' } },
    { name: 'realtime-beside-http', severity: 'error', comment: 'realtime and http are separate edges.', from: { path: '^src/realtime/' }, to: { path: '^src/(http|cli)/' } },
    { name: 'http-not-realtime', severity: 'error', from: { path: '^src/http/' }, to: { path: '^src/(realtime|cli)/' } },
    { name: 'store-below-runtime', severity: 'error', comment: 'Stores know tickets, not the runtime around them.', from: { path: '^src/(store|postgres)/' }, to: { path: '^src/(runtime|http|realtime|cli|auth|config)/' } },
    { name: 'config-below-runtime', severity: 'error', from: { path: '^src/config/' }, to: { path: '^src/(runtime|http|realtime|cli|store|postgres|auth)/' } },
    { name: 'only-cli-uses-cli', severity: 'error', from: { pathNot: '^(src/cli|test|bench|bin)/' }, to: { path: '^src/cli/' } },
    { name: 'plugins-through-the-host', severity: 'error', comment: 'Plugins see the plugin host API, never express.', from: { path: '^(plugins|src/plugins)/' }, to: { path: 'node_modules/express/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
