/**
 * A policy found nowhere else in the repository, for the task and clock tests: a round-the-clock
 * SLA with first- and next-response targets, two groups, an FAQ entry customers confirm, and a
 * workflow that books a check-in on fault tickets.
 */
export const followUpPolicyText = `
version: 1
id: follow-up-desk
timezone: Europe/Lisbon
locale: en
defaultCategory: question
statuses:
  - { id: new, kind: new }
  - { id: open, kind: open }
  - { id: waiting, kind: pending }
  - { id: solved, kind: resolved }
  - { id: archived, kind: closed }
channels:
  - { id: chat, name: Chat, kind: online }
  - { id: mail, name: Mail, kind: async }
categories:
  - { id: question, name: Question }
  - { id: fault, name: Fault }
priorities: { levels: [urgent, normal], default: normal }
slas:
  - id: round-the-clock
    pauseOn: [waiting]
    targets:
      firstResponse: { urgent: 10m, normal: 45m }
      nextResponse: { urgent: 10m, normal: 30m }
      resolution: { urgent: 4h, normal: 2d }
agents:
  - { id: rui, name: Rui }
  - { id: ana, name: Ana }
  - { id: ines, name: Ines }
routing:
  fallback: front
  groups:
    - { id: front, lead: rui, members: [rui, ana] }
    - { id: field, lead: ines, members: [ines] }
  rules:
    - id: faults-to-field
      conditions: { all: [{ fact: category, operator: equal, value: fault }] }
      event: { type: route, params: { group: field } }
faq:
  minConfidence: 0.5
  entries:
    - id: opening-hours
      question: { en: When is the shop open? }
      phrasings: [what are your opening hours, when are you open]
      keywords: [opening hours]
      answer: { en: 'We are open every day from 9:00 to 19:00.' }
workflows:
  - id: fault-check
    when: { all: [{ fact: category, operator: equal, value: fault }] }
    tasks:
      - { id: check-in, name: Check in with the customer, due: 3h, assign: { group: field } }
`;
