import type { RuleOutcome } from '../rules/types.ts';

/** One step of a decision trace: what was decided, by which rule, and what every rule said. */
export interface TraceStep {
  step: 'classify' | 'prioritize' | 'sla' | 'route' | 'assign' | 'script' | 'actions';
  decision: unknown;
  by: string;
  ruleId?: string;
  rules?: RuleOutcome[];
  facts?: Record<string, unknown>;
  note?: string;
}
