/** A small policy with a real business calendar (Mon–Fri 09–18, Shanghai) and an SLA pause. */
export const fixturePolicyText = `
version: 1
id: metrics-fixture
timezone: Asia/Shanghai
locale: en
defaultCategory: inquiry
metrics: { countBotReplies: false }
statuses:
  - { id: new, kind: new }
  - { id: open, kind: open }
  - { id: pending-customer, kind: pending }
  - { id: pending-internal, kind: pending }
  - { id: resolved, kind: resolved }
  - { id: closed, kind: closed }
channels:
  - { id: phone, name: Phone, kind: voice }
  - { id: chat, name: Chat, kind: online }
  - { id: email, name: Email, kind: async }
categories:
  - { id: inquiry, name: Inquiry }
  - { id: fault, name: Fault, children: [{ id: payment, name: Payment }] }
  - { id: complaint, name: Complaint }
priorities: { levels: [P1, P2], default: P2 }
calendars:
  - id: office
    timezone: Asia/Shanghai
    hours: { mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"], fri: ["09:00-18:00"] }
slas:
  - id: office-hours
    calendar: office
    pauseOn: [pending-customer]
    targets:
      firstResponse: { P1: { voice: 15m, default: 30m }, P2: { voice: 30m, default: 2h } }
      resolution: { P1: 8h, P2: 16h }
agents:
  - { id: ann, name: Ann }
  - { id: bob, name: Bob }
  - { id: cai, name: Cai }
routing:
  fallback: desk
  groups:
    - { id: desk, lead: ann, members: [ann, bob] }
    - { id: tech, lead: cai, members: [cai] }
  rules:
    - id: faults-to-tech
      conditions: { all: [{ fact: categoryGroup, operator: equal, value: fault }] }
      event: { type: route, params: { group: tech } }
`;

/** Targets as written above, in minutes of business time. */
export const frTargetMin: Record<string, Record<string, number>> = {
  P1: { phone: 15, chat: 30, email: 30 },
  P2: { phone: 30, chat: 120, email: 120 },
};
export const resTargetMin: Record<string, number> = { P1: 8 * 60, P2: 16 * 60 };

/** Independent of the calendar module: open Mon–Fri 09:00–18:00 at UTC+8 (no DST in Shanghai). */
export function isOfficeOpen(ms: number): boolean {
  const local = new Date(ms + 8 * 3_600_000);
  const wd = local.getUTCDay();
  const h = local.getUTCHours();
  return wd >= 1 && wd <= 5 && h >= 9 && h < 18;
}

/** Business minutes in [a, b) for minute-aligned instants, by walking minute by minute. */
export function officeMinutes(a: number, b: number): number {
  let n = 0;
  for (let t = a; t < b; t += 60_000) if (isOfficeOpen(t)) n++;
  return n;
}
