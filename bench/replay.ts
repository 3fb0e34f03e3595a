import { createPolicyLoader } from '../src/config/load.ts';
import { readPolicySources } from '../src/config/read-sources.ts';
import { presetPath } from '../src/runtime/presets.ts';
import { createIsoParser } from '../src/core/simulate/parse-iso.ts';
import { replayTicket } from '../src/core/simulate/replay.ts';
import { simulate } from '../src/core/simulate/simulate.ts';
import { generateHistory } from '../test/helpers/history.ts';

/** A 100-rule policy: the base preset plus generated keyword/tier/channel priority rules. */
async function hundredRulePolicy() {
  const sources = await readPolicySources(presetPath('base'));
  const base = sources.reduce((n, s) => n + (s.text.match(/^\s+- id: /gm)?.length ?? 0), 0);
  const extra: string[] = ['priorities:', '  rules:'];
  const existing = 7 + 16 + 8; // priority + classification + routing rules in the base preset
  for (let i = 0; existing + i < 100; i++) {
    extra.push(
      `    - id: gen-${i}`,
      `      priority: ${5 + (i % 30)}`,
      '      conditions:',
      '        all:',
      `          - { fact: channel, operator: equal, value: ${['phone', 'chat', 'email', 'app'][i % 4]} }`,
      `          - { fact: text, operator: containsAny, value: ["kw${i}a", "kw${i}b", "关键词${i}"] }`,
      `      event: { type: set-priority, params: { priority: P${i % 4} } }`,
    );
  }
  const r = createPolicyLoader().fromTexts([...sources, { file: 'generated.yaml', text: extra.join('\n') }]);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return {
    policy: r.policy,
    rules:
      r.policy.rules.classification.rules.length +
      r.policy.rules.priority.rules.length +
      r.policy.rules.routing.rules.length,
    base,
  };
}

/** Replay speed: 1M generated tickets through a 100-rule policy (quick: 100k). */
export async function benchReplay(opts: { quick?: boolean }): Promise<Record<string, unknown>> {
  const { policy, rules } = await hundredRulePolicy();
  const n = opts.quick ? 100_000 : 1_000_000;
  const asOf = Date.parse('2027-01-01T00:00:00Z');
  let t0 = performance.now();
  let sink = 0;
  const replayOpts = { asOf, parseTime: createIsoParser() };
  for (const t of generateHistory(n, 7)) {
    const o = replayTicket(policy, t, replayOpts);
    if (!(o instanceof Promise) && o.firstResponseBreached) sink++;
  }
  const onePolicyMs = performance.now() - t0;
  t0 = performance.now();
  const both = await simulate(generateHistory(n, 7), {
    baseline: { policy, source: 'p' },
    candidate: { policy, source: 'p' },
    maxChanges: 0,
  });
  const twoPoliciesMs = performance.now() - t0;
  return {
    replay: {
      tickets: n,
      rules,
      onePolicyMs: Math.round(onePolicyMs),
      ticketsPerSec: Math.round(n / (onePolicyMs / 1000)),
      simulateTwoPoliciesMs: Math.round(twoPoliciesMs),
      breachedFirstResponse: sink,
      consistent: both.tickets === n,
    },
  };
}
