import type { BusinessCalendar, ChannelDef, CompiledSla, SlaDef } from '../config/types.ts';
import type { RuleSet } from '../rules/types.ts';
import { parseDuration } from '../util/duration.ts';

/** Turns an SLA definition into lookups: target(kind, priority, channel) and warning stages. */
export function compileSla(def: SlaDef, calendar: BusinessCalendar, when?: RuleSet): CompiledSla {
  // Durations parsed once here, not per ticket.
  const parsed = { firstResponse: parseMatrix(def.targets.firstResponse), resolution: parseMatrix(def.targets.resolution) };
  const target: CompiledSla['target'] = (kind, priority, channel: ChannelDef) => {
    const entry = parsed[kind]?.get(priority);
    if (entry === undefined || typeof entry === 'number') return entry;
    return entry.get(channel.id) ?? entry.get(channel.kind) ?? entry.get('default');
  };
  const warnings = (def.warnAt ?? []).map((w) => {
    const text = w.trim();
    if (text.endsWith('%')) return { fraction: Number(text.slice(0, -1)) / 100, label: text };
    return { before: parseDuration(text.replace(/before$/, '').trim()) ?? 0, label: text };
  });
  return Object.freeze({
    def,
    calendar,
    ...(when ? { when } : {}),
    pauseOn: new Set(def.pauseOn ?? []),
    target,
    warnings,
  });
}

function parseMatrix(matrix: Record<string, string | Record<string, string>> | undefined) {
  const out = new Map<string, number | Map<string, number>>();
  for (const [priority, entry] of Object.entries(matrix ?? {})) {
    if (typeof entry === 'string') {
      const ms = parseDuration(entry);
      if (ms !== undefined) out.set(priority, ms);
      continue;
    }
    const byChannel = new Map<string, number>();
    for (const [key, text] of Object.entries(entry)) {
      const ms = parseDuration(text);
      if (ms !== undefined) byChannel.set(key, ms);
    }
    out.set(priority, byChannel);
  }
  return out;
}
