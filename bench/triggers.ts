/**
 * Cost of triggers on updates: CPU per PATCH-like update (tickets.update of a field, then the
 * trigger work it starts) with no triggers and with 50 (49 that do not match, one that tags),
 * same policy otherwise, same run; and intake with the 50 triggers against none.
 */
import { createSwitchboard } from '../src/switchboard/create-switchboard.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import { createManualClock } from '../src/core/util/clock.ts';
import { createSequentialIds } from '../src/core/util/ids.ts';
import { silentLogger } from '../src/telemetry/logger.ts';
import type { BenchOptions } from './registry.ts';

const triggers = (n: number) =>
  n === 0
    ? ''
    : `triggers:\n${Array.from({ length: n }, (_, i) =>
        i === n - 1
          ? `  - { id: t${i}, when: { all: [{ fact: changed, path: $.keys, operator: contains, value: fields.step }] }, do: [{ add-tags: [stepped] }] }`
          : `  - { id: t${i}, when: { all: [{ fact: changed, path: $.status.to, operator: equal, value: s${i} }, { fact: tier, operator: equal, value: vip } ] }, do: [{ add-tags: [x${i}] }] }`,
      ).join('\n')}\n`;

const policy = (n: number) => `version: 1
id: bench-triggers
channels: [{ id: web, kind: online }]
categories: [{ id: general }]
priorities: { levels: [P1, P2], default: P2 }
slas: [{ id: s, targets: { firstResponse: { P1: 1h, P2: 8h } } }]
agents: [{ id: ann, name: Ann }]
routing: { fallback: desk, groups: [{ id: desk, members: [ann] }] }
fields: [{ id: step, type: number }]
${triggers(n)}`;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(n: number, updates: number): Promise<{ updateCpuMs: number; intakePerSec: number }> {
  const sb = await createSwitchboard({
    sources: [{ file: 'bench.yaml', text: policy(n) }],
    store: createMemoryStore(),
    clock: createManualClock(),
    ids: createSequentialIds(),
    logger: silentLogger,
    pluginDirs: [],
  });
  const ids: string[] = [];
  const started = performance.now();
  for (let i = 0; i < updates; i++)
    ids.push((await sb.tickets.create({ channel: 'web', subject: `s${i}`, customer: { id: `c${i}` } })).ticket.id);
  const intakePerSec = Math.round(updates / ((performance.now() - started) / 1000));
  await sb.triggers.idle();
  const before = cpuMs();
  for (let i = 0; i < updates; i++) {
    await sb.tickets.update(ids[i]!, { fields: { step: i } });
    await sb.triggers.idle();
  }
  const updateCpuMs = (cpuMs() - before) / updates;
  await sb.close();
  return { updateCpuMs, intakePerSec };
}

export async function benchTriggers(opts: BenchOptions): Promise<Record<string, unknown>> {
  const updates = opts.quick ? 300 : 3000;
  await measure(0, 100); // warm-up
  const none = await measure(0, updates);
  const fifty = await measure(50, updates);
  const extra = fifty.updateCpuMs - none.updateCpuMs;
  return {
    triggers: {
      updates,
      triggers: 50,
      updateCpuMsWithout: +none.updateCpuMs.toFixed(3),
      updateCpuMsWith50: +fifty.updateCpuMs.toFixed(3),
      extraCpuMsPerUpdate: +extra.toFixed(3),
      goalExtraCpuMs: 0.2,
      meetsGoal: extra <= 0.2,
      intakePerSecWithout: none.intakePerSec,
      intakePerSecWith50: fifty.intakePerSec,
      intakeRatio: Math.round((fifty.intakePerSec / none.intakePerSec) * 100) / 100,
    },
  };
}
