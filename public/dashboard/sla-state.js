// Where a ticket stands against its SLA now: the timer that matters and its level.
import { t } from './i18n.js';

/** The timer that matters now: first response until met, then resolution. */
export const activeTimer = (tk) => {
  const fr = tk.sla?.firstResponse;
  if (fr && (fr.state === 'running' || fr.state === 'breached')) return { name: t('timer.firstResponse'), ...fr };
  const res = tk.sla?.resolution;
  if (res && (res.state === 'running' || res.state === 'breached' || res.state === 'paused'))
    return { name: t('timer.resolution'), ...res };
  return undefined;
};

/** none | ok | paused | warning (past a warning instant) | breached. */
export const slaState = (tk, now) => {
  const timer = activeTimer(tk);
  if (!timer) return { level: 'none', due: Infinity, timer };
  const due = Date.parse(timer.dueAt);
  if (timer.state === 'breached' || (timer.state === 'running' && now >= due)) return { level: 'breached', due, timer };
  if (timer.state === 'running' && (timer.warnAt ?? []).some((w) => now >= Date.parse(w)))
    return { level: 'warning', due, timer };
  return { level: timer.state === 'paused' ? 'paused' : 'ok', due, timer };
};
