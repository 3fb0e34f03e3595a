import { createSwitchboard, type Switchboard } from '../../src/switchboard/create-switchboard.ts';
import { createEventBus } from '../../src/core/events/bus.ts';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';
import { createManualClock, type ManualClock } from '../../src/core/util/clock.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';

/** A small policy exercising every SLA feature; office hours Mon–Fri 09:00–17:00 Berlin. */
export const slaPolicyYaml = `
version: 1
id: sla-test
timezone: Europe/Berlin
locale: en
channels:
  - { id: phone, kind: voice }
  - { id: email, kind: async }
categories: [{ id: inquiry }]
defaultCategory: inquiry
statuses:
  - { id: new, kind: new }
  - { id: open, kind: open }
  - { id: pending-customer, kind: pending }
  - { id: resolved, kind: resolved }
  - { id: closed, kind: closed }
priorities: { levels: [P0, P1, P2, P3], default: P2 }
calendars:
  - id: office
    timezone: Europe/Berlin
    hours: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], thu: ["09:00-17:00"], fri: ["09:00-17:00"] }
agents:
  - { id: lea, name: Lea }
  - { id: max, name: Max }
  - { id: boss, name: Boss }
routing:
  groups:
    - { id: support, lead: boss, members: [lea, max] }
    - { id: escalations, lead: boss, members: [boss] }
  fallback: support
workflows:
  - id: presales-call-back
    name: Call back high-intent prospect
    when: { all: [{ fact: fields, path: $.intent, operator: equal, value: high }] }
    tasks: [{ id: call-back, name: Phone call back, due: 24h, channel: phone }]
slas:
  - id: office
    calendar: office
    pauseOn: [pending-customer]
    targets:
      firstResponse: { P0: 30m, P1: 1h, P2: 2h, P3: 8h }
      nextResponse: { P0: 30m, P1: 1h, P2: 2h, P3: 8h }
      periodicUpdate: { P0: 2h, P1: 4h }
      resolution: { P0: 4h, P1: 8h, P2: 16h, P3: 40h }
      pendingConfirmation: { P0: 8h, P1: 8h, P2: 8h, P3: 8h }
    tiers:
      vip: { firstResponse: { P2: 10m } }
    warnAt: ["75%", "15m before"]
    onBreach:
      - { after: 0m, do: [{ notify: group-lead }, { raise-priority: 1 }, { tag: sla-breached }] }
      - { after: 30m, do: [{ reassign: escalations }] }
    automations:
      - id: nudge-silent
        when: { all: [{ fact: minutesSinceCustomerMessage, operator: greaterThanInclusive, value: 90 }, { fact: statusKind, operator: equal, value: new }] }
        do: [{ notify: assignee }, { tag: nudged }]
        respectBusinessHours: true
`;

export interface Harness {
  sb: Switchboard;
  clock: ManualClock;
  store: Store;
  events: SwitchboardEvent[];
  /** Moves the clock and fires what came due. */
  advance(ms: number): Promise<void>;
  of(type: string): SwitchboardEvent[];
}

export async function slaHarness(
  start = '2026-01-05T09:00:00Z',
  store: Store = createMemoryStore(),
  clock = createManualClock(start),
  yaml = slaPolicyYaml,
): Promise<Harness> {
  const events: SwitchboardEvent[] = [];
  const bus = createEventBus({ clock });
  bus.subscribe('*', (e) => events.push(e));
  const sb = await createSwitchboard({
    sources: [{ file: 'policy.yaml', text: yaml }],
    store,
    clock,
    bus,
    logger: silentLogger,
  });
  return {
    sb,
    clock,
    store,
    events,
    async advance(ms) {
      await clock.advance(ms);
    },
    of: (type) => events.filter((e) => e.type === type),
  };
}
