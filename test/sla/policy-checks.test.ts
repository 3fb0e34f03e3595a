import { describe, expect, it } from 'vitest';
import { createPolicyLoader } from '../../src/config/load.ts';
import { slaPolicyYaml } from './sla-policy.ts';

const load = (text: string) => createPolicyLoader().fromTexts([{ file: 'policy.yaml', text }]);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('SLA policy validation', () => {
  it('the full-featured test policy is valid', () => {
    const r = load(slaPolicyYaml);
    expect(r.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('reports unknown groups, statuses, facts, tiers levels and bad actions with file:line:col', () => {
    const text = slaPolicyYaml
      .replace('{ reassign: escalations }', '{ reassign: escalation }')
      .replace('fact: minutesSinceCustomerMessage', 'fact: minutesSinceCustomerMsg')
      .replace('vip: { firstResponse: { P2: 10m } }', 'vip: { firstResponse: { P5: 10m } }')
      .replace('{ tag: nudged }', '{ tag: nudged, notify: boss }')
      .replace('onBreach:', 'onConfirmationExpiry: explode\n    onBreach:');
    const r = load(text);
    expect(r.ok).toBe(false);
    const lines = r.problems.map((p) => `${p.line} ${p.code} ${p.message}`);
    const at = (needle: string) => lineOf(text, needle);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${at('explode')} SWB_CONFIG_SCHEMA must be one of "close", "escalate"`)),
        expect.stringMatching(new RegExp(`^${at('nudged')} SWB_CONFIG_SCHEMA`)),
      ]),
    );
    // Schema problems stop before cross-checks; fix those and the references are reported.
    const text2 = text
      .replace('onConfirmationExpiry: explode\n    ', '')
      .replace('{ tag: nudged, notify: boss }', '{ tag: nudged }');
    const r2 = load(text2);
    const lines2 = r2.problems.map((p) => `${p.line} ${p.code} ${p.message}`);
    expect(lines2).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^${lineOf(text2, 'escalation }')} SWB_CONFIG_UNKNOWN_REF unknown group "escalation".*did you mean "escalations"`,
            'i',
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^${lineOf(text2, 'minutesSinceCustomerMsg')} SWB_CONFIG_UNKNOWN_REF unknown fact "minutesSinceCustomerMsg"`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^${lineOf(text2, 'P5: 10m')} SWB_CONFIG_UNKNOWN_REF unknown priority level "P5"`),
        ),
      ]),
    );
  });
});
