import { createSwitchboard, type FlatSwitchboardOptions } from '../../src/switchboard/create-switchboard.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createManualClock } from '../../src/core/util/clock.ts';
import { createSequentialIds } from '../../src/core/util/ids.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

/** A small policy; `extra` is appended at top level (plugins:, classification:, ...). */
export const policyText = (extra = '', priorityRules = '') => `version: 1
id: plug
channels: [{ id: web, kind: online }]
categories: [{ id: general }, { id: fault }]
priorities:
  levels: [P1, P2]
  default: P2
${priorityRules ? `  rules:\n${priorityRules}` : ''}
slas: [{ id: s, targets: { firstResponse: { P1: 1h, P2: 8h } } }]
agents: [{ id: ann, name: Ann }]
routing:
  fallback: desk
  groups: [{ id: desk, members: [ann] }]
scripts:
  firstResponse:
    en: "Hello, I'm {{agent.name}}. You mentioned {{ticket.summary}}."
    zh-CN: "您好，我是{{agent.name}}，您反馈的是{{ticket.summary}}。"
${extra}`;

export function makeSwitchboard(text: string, opts: FlatSwitchboardOptions = {}) {
  return createSwitchboard({
    sources: [{ file: 'policy.yaml', text }],
    store: createMemoryStore(),
    clock: createManualClock('2026-03-02T08:00:00Z'),
    ids: createSequentialIds(),
    logger: silentLogger,
    pluginDirs: [],
    ...opts,
  });
}

export const ticket = (subject: string, extra: Record<string, unknown> = {}) => ({
  channel: 'web',
  subject,
  customer: { id: 'c1' },
  ...extra,
});

/**
 * A policy with the email plugin polling `support`'s mailbox on the test's IMAP server and
 * sending through its SMTP receiver, on an `email` channel beside `web`; `options` are more
 * plugin options (YAML lines, six spaces in), `rest` more top-level policy YAML.
 */
export function emailPolicyText(o: {
  support: string;
  imapPort: number;
  smtpPort: number;
  password: string;
  pollMs: number;
  options?: string;
  rest?: string;
}): string {
  return policyText(`plugins:
  - name: email
    options:
      imap: { host: 127.0.0.1, port: ${o.imapPort}, user: ${o.support}, password: "${o.password}" }
      smtp: { host: 127.0.0.1, port: ${o.smtpPort} }
      address: ${o.support}
      mode: poll
      pollMs: ${o.pollMs}
${o.options ?? ''}${o.rest ?? ''}`).replace(
    'channels: [{ id: web, kind: online }]',
    'channels: [{ id: web, kind: online }, { id: email, kind: online }]',
  );
}
