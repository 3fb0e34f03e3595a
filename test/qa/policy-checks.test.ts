import { describe, expect, it } from 'vitest';
import { baseProcessSources } from '../helpers/standalone-base.ts';
import { createSwitchboard } from '../../src/switchboard/create-switchboard.ts';
import { createPolicyLoader } from '../../src/config/load.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

const extra = (text: string) => ({ file: 'zz-extra.yaml', text });

describe('qa and faq in the policy: checked at load time', () => {
  it('reports unknown new agents, duplicate checklist and FAQ ids, unknown FAQ channels and bad rates at their positions', async () => {
    const base = await baseProcessSources();
    const r = createPolicyLoader().fromTexts([
      ...base,
      extra(
        [
          'qa:',
          '  newAgents: [wnag]',
          '  checklist:',
          '    - { id: greeting, text: again }',
          'faq:',
          '  channels: [fax]',
          '  entries:',
          '    - { id: invoice, question: { en: x }, answer: { en: y } }',
        ].join('\n'),
      ),
    ]);
    expect(r.ok).toBe(false);
    const problems = r.problems.map((p) => `${p.file}:${p.line} ${p.code} ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/zz-extra\.yaml:2 SWB_CONFIG_UNKNOWN_REF unknown agent "wnag".*did you mean "wang"/),
        expect.stringMatching(/zz-extra\.yaml:4 SWB_CONFIG_DUPLICATE_ID duplicate checklist item id "greeting"/),
        expect.stringMatching(/zz-extra\.yaml:6 SWB_CONFIG_UNKNOWN_REF unknown channel "fax"/),
        expect.stringMatching(/zz-extra\.yaml:8 SWB_CONFIG_DUPLICATE_ID duplicate FAQ entry id "invoice"/),
      ]),
    );
    const withRate = base.map((f) =>
      f.file.endsWith('qa.yaml') ? { ...f, text: f.text.replace('rate: 15%', 'rate: fifteen') } : f,
    );
    const bad = createPolicyLoader().fromTexts(withRate);
    expect(bad.problems.map((p) => `${p.file.split('/').pop()}:${p.line} ${p.code}`)).toEqual([
      'qa.yaml:6 SWB_CONFIG_SCHEMA',
    ]);
  });

  it('the server samples the day before today at start by default (daily step on the injected clock)', async () => {
    const clock = createManualClock('2026-10-05T02:00:00Z');
    const sb = await createSwitchboard({
      preset: 'base',
      store: createMemoryStore(),
      clock,
      logger: silentLogger,
      security: { auth: false },
    });
    try {
      expect(await sb.qa.record('2026-10-04')).toMatchObject({
        period: '2026-10-04',
        population: 0,
        size: 0,
        seed: 'base-qa-2026',
      });
      expect(await sb.qa.record('2026-10-03')).toBeUndefined();
    } finally {
      await sb.close();
    }
  });
});
