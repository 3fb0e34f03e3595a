// Triggers: policy rules run after every stored change (facts: the ticket now, the change and
// what it changed), their actions applied as one change. Pure; the shell
// (src/runtime/trigger-runner.ts) runs them on the bus's events.
export { holdingTriggers, runTriggers, type TriggerRun, type TriggersResult } from './run-triggers.ts';
export { actorKind, changeOf, changedFacts, triggerFacts, type TicketChange } from './trigger-facts.ts';
