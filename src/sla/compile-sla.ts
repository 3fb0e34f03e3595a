import type { ChannelDef, CompiledSla, SlaDef, TargetMatrix, TimerKind } from '../config/types.ts';
import { timerKinds } from '../config/types.ts';
import type { RuleDef, RuleSet } from '../rules/types.ts';
import { parseDuration } from '../util/duration.ts';

/** Builds a one-rule RuleSet for a `when` condition (the compiler supplies it). */
export type ConditionCompiler = (id: string, conditions: RuleDef['conditions']) => RuleSet;

const escalatedByDefault = new Set<TimerKind>(timerKinds.filter((k) => k !== 'pendingConfirmation'));

/**
 * Turns an SLA definition into lookups: target(kind, priority, channel, tier), warning stages,
 * the escalation ladder and automations. Tier overrides are looked up first, entry by entry:
 * `tiers.vip.firstResponse.P1` replaces only that cell; the rest comes from `targets`.
 */
export function compileSla(def: SlaDef, calendar: CompiledSla['calendar'], when?: RuleSet, compileWhen?: ConditionCompiler): CompiledSla {
  const lookup = (matrix: TargetMatrix | undefined, kind: TimerKind, priority: string, channel: ChannelDef) => {
    const entry = matrix?.[kind]?.[priority];
    if (entry === undefined) return undefined;
    if (typeof entry === 'string') return parseDuration(entry);
    const text = entry[channel.id] ?? entry[channel.kind] ?? entry.default;
    return text === undefined ? undefined : parseDuration(text);
  };
  const target: CompiledSla['target'] = (kind, priority, channel, tier) =>
    (tier !== undefined ? lookup(def.tiers?.[tier], kind, priority, channel) : undefined) ?? lookup(def.targets, kind, priority, channel);
  const warnings = (def.warnAt ?? []).map((w) => {
    const text = w.trim();
    if (text.endsWith('%')) return { fraction: Number(text.slice(0, -1)) / 100, label: text };
    return { before: parseDuration(text.replace(/before$/, '').trim()) ?? 0, label: text };
  });
  const ladder = (def.onBreach ?? [])
    .map((step) => ({ afterMs: parseDuration(step.after) ?? 0, timers: step.timers ? new Set(step.timers) : escalatedByDefault, do: step.do }))
    .sort((a, b) => a.afterMs - b.afterMs);
  const automations = compileWhen ? (def.automations ?? []).map((a) => ({ def: a, rules: compileWhen(`${def.id}/${a.id}`, a.when) })) : [];
  return Object.freeze({
    def,
    calendar,
    ...(when ? { when } : {}),
    pauseOn: new Set(def.pauseOn ?? []),
    target,
    warnings,
    ladder,
    automations,
  });
}
