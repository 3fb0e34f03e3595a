// Small helpers shared by the dashboard's modules.
import { t } from './i18n.js';

export const $ = (id) => document.getElementById(id);

export const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** A countdown: `1h 05m`, `4:07`, negative with a minus sign. */
export const fmtLeft = (ms) => {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const txt = h > 0 ? t('left.hm', { h, m: String(m).padStart(2, '0') }) : `${m}:${String(s).padStart(2, '0')}`;
  return neg ? `−${txt}` : txt;
};

export const fmtAge = (ms) =>
  ms < 3600e3
    ? t('age.m', { n: Math.max(0, Math.floor(ms / 60e3)) })
    : ms < 86400e3
      ? t('age.h', { n: Math.floor(ms / 3600e3) })
      : t('age.d', { n: Math.floor(ms / 86400e3) });

export const fmtSecs = (ms) => (ms === null || ms === undefined ? t('none') : t('secs', { n: Math.round(ms / 1000) }));
export const fmtRate = (r) => (r === null || r === undefined ? t('none') : `${(r * 100).toFixed(1)} %`);

/** A cell carrying its raw value (`data-v`) beside the text shown, so tests compare numbers. */
export const cell = (key, value, text, cls = '') =>
  `<td data-k="${esc(key)}" data-v="${esc(value ?? '')}"${cls ? ` class="${cls}"` : ''}>${esc(text)}</td>`;
