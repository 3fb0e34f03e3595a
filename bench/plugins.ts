/**
 * Cost of plugins on ticket intake: tickets/s through tickets.create (memory store) with no
 * plugins, and with the keywords plugin (3 facts), a plugin operator used by a rule, and a
 * beforeCreate + afterCreate hook. Same policy otherwise; ratio = with / without.
 */
import keywords from '../plugins/keywords/index.ts';
import { createSwitchboard } from '../src/switchboard/create-switchboard.ts';
import { definePlugin } from '../src/index.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { createManualClock } from '../src/core/util/clock.ts';
import { createSequentialIds } from '../src/core/util/ids.ts';
import { silentLogger } from '../src/telemetry/logger.ts';
import type { BenchOptions } from './registry.ts';

const policy = (withPlugins: boolean) => `version: 1
id: bench
channels: [{ id: web, kind: online }]
categories: [{ id: general }, { id: fault }]
priorities:
  levels: [P1, P2]
  default: P2
  rules:
    - { id: loud, conditions: { all: [{ fact: subject, operator: ${withPlugins ? 'isLoud' : 'containsAny'}, value: ${withPlugins ? 'true' : '[URGENT]'} }] }, event: { type: set-priority, params: { priority: P1 } } }
${withPlugins ? '    - { id: upset, conditions: { all: [{ fact: sentiment, operator: equal, value: negative }] }, event: { type: set-priority, params: { priority: P1 } } }\n' : ''}slas: [{ id: s, targets: { firstResponse: { P1: 1h, P2: 8h } } }]
agents: [{ id: ann, name: Ann }]
routing: { fallback: desk, groups: [{ id: desk, members: [ann] }] }
${withPlugins ? 'plugins: [{ name: keywords }]\n' : ''}`;

const extras = definePlugin({
  name: 'bench-extras',
  version: '1.0.0',
  switchboard: '^0.1.0',
  setup(host) {
    host.addOperator({
      name: 'isLoud',
      description: 'all capitals',
      evaluate: (t, v) => (String(t) === String(t).toUpperCase()) === v,
    });
    host.on('beforeCreate', () => ({ tags: ['benched'] }));
    host.on('afterCreate', () => {});
  },
});

async function ticketsPerSec(withPlugins: boolean, n: number): Promise<number> {
  const sb = await createSwitchboard({
    sources: [{ file: 'bench.yaml', text: policy(withPlugins) }],
    store: createMemoryStore(),
    clock: createManualClock(),
    ids: createSequentialIds(),
    logger: silentLogger,
    pluginDirs: [],
    plugins: withPlugins ? [keywords, extras] : [],
  });
  const subjects = [
    'URGENT PAYMENT FAILED',
    'how do I export data',
    '页面一直卡顿，太差劲了',
    'the app crashes, terrible',
  ];
  for (let i = 0; i < 50; i++)
    await sb.tickets.create({ channel: 'web', subject: subjects[i % 4]!, customer: { id: 'c' } });
  const start = performance.now();
  for (let i = 0; i < n; i++)
    await sb.tickets.create({ channel: 'web', subject: subjects[i % 4]!, customer: { id: `c${i}` } });
  const secs = (performance.now() - start) / 1000;
  await sb.plugins.settled();
  await sb.close();
  return Math.round(n / secs);
}

export async function benchPlugins(opts: BenchOptions): Promise<Record<string, unknown>> {
  const n = opts.quick ? 300 : 3000;
  const without = await ticketsPerSec(false, n);
  const withPlugins = await ticketsPerSec(true, n);
  return {
    plugins: {
      tickets: n,
      withoutPluginsPerSec: without,
      withPluginsPerSec: withPlugins,
      ratio: Math.round((withPlugins / without) * 100) / 100,
    },
  };
}

export const run = benchPlugins;
