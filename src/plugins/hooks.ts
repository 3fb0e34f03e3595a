/**
 * The closed list of hooks and the runner that calls them. Every call is isolated: a hook that
 * throws or runs past the time limit is reported (`plugin.error`) and skipped.
 */
import { SwitchboardError } from '../core/errors/index.ts';
import type { TicketInput } from '../core/model/ticket.ts';
import { withTimeout, type ReportError } from './isolate.ts';
import type { CreateAnnotation, HookFn, HookName, HookPayloads } from './types.ts';

export const hookNames: readonly HookName[] = [
  'onReady',
  'beforeCreate',
  'afterCreate',
  'onStatusChange',
  'onSlaWarning',
  'onSlaBreached',
  'onConfigApplied',
  'onClose',
];

/**
 * Hooks that only repeat a runtime event: they keep working, with a warning, until the next
 * minor version; a plugin subscribes to the event instead (`host.events.subscribe`).
 */
export const deprecatedHooks: Readonly<Partial<Record<HookName, string>>> = {
  afterCreate: "'ticket.created'",
  onStatusChange: "'ticket.updated' (its changes.status)",
  onSlaWarning: "'sla.warning'",
  onSlaBreached: "'sla.breached'",
  onConfigApplied: "'config.applied'",
};

export const isHookName = (name: string): name is HookName => (hookNames as readonly string[]).includes(name);

export interface HookRunner {
  add<H extends HookName>(plugin: string, hook: H, fn: HookFn<H>): void;
  /** The hooks a plugin registered (for the contract suite and diagnostics). */
  registered(plugin: string): HookName[];
  /** Runs beforeCreate hooks in plugin order; returns the input with their annotations. */
  beforeCreate(input: TicketInput): Promise<TicketInput>;
  /** Runs a notification hook in every plugin concurrently; resolves when all settled. */
  notify<H extends Exclude<HookName, 'beforeCreate'>>(
    hook: H,
    payload: HookPayloads[H],
    ticketId?: string,
  ): Promise<void>;
}

export function createHookRunner(opts: {
  timeoutMs: number;
  report: ReportError;
  /** Told once per plugin and deprecated hook. */
  warn?: (message: string) => void;
}): HookRunner {
  const warned = new Set<string>();
  const hooks: { plugin: string; hook: HookName; fn: (payload: never) => unknown }[] = [];
  const call = (h: (typeof hooks)[number], payload: unknown, ticketId?: string) =>
    withTimeout(() => h.fn(payload as never), opts.timeoutMs, `hook ${h.hook}`).catch((err: unknown) => {
      opts.report(h.plugin, h.hook, err, ticketId);
      return undefined;
    });

  return {
    add(plugin, hook, fn) {
      if (!isHookName(hook)) {
        throw new SwitchboardError(
          'SWB_PLUGIN_UNKNOWN_HOOK',
          `plugin "${plugin}" registers unknown hook "${String(hook)}"; hooks are ${hookNames.join(', ')}`,
          { plugin, hook },
        );
      }
      if (typeof fn !== 'function')
        throw new SwitchboardError('SWB_PLUGIN_INVALID', `plugin "${plugin}": hook ${hook} needs a function`, {
          plugin,
          hook,
        });
      const event = deprecatedHooks[hook];
      if (event && !warned.has(`${plugin}/${hook}`)) {
        warned.add(`${plugin}/${hook}`);
        opts.warn?.(
          `plugin "${plugin}" uses the deprecated hook ${hook}: subscribe to ${event} with host.events.subscribe instead (the hook is removed in the next minor version)`,
        );
      }
      hooks.push({ plugin, hook, fn: fn as (payload: never) => unknown });
    },
    registered: (plugin) => [...new Set(hooks.filter((h) => h.plugin === plugin).map((h) => h.hook))],
    async beforeCreate(input) {
      let current = input;
      for (const h of hooks) {
        if (h.hook !== 'beforeCreate') continue;
        const note = (await call(h, { input: structuredClone(current) })) as CreateAnnotation | undefined;
        if (note && typeof note === 'object') current = annotate(current, note);
      }
      return current;
    },
    async notify(hook, payload, ticketId) {
      await Promise.all(hooks.filter((h) => h.hook === hook).map((h) => call(h, payload, ticketId)));
    },
  };
}

/** Adds tags and the fields the input does not set itself; anything else in the note is ignored. */
function annotate(input: TicketInput, note: CreateAnnotation): TicketInput {
  const tags = Array.isArray(note.tags) ? note.tags.filter((t): t is string => typeof t === 'string') : [];
  const fields = note.fields && typeof note.fields === 'object' ? note.fields : {};
  return {
    ...input,
    ...(tags.length ? { tags: [...new Set([...(input.tags ?? []), ...tags])] } : {}),
    ...(Object.keys(fields).length ? { fields: { ...fields, ...(input.fields ?? {}) } } : {}),
  };
}
