// The group filter in the header: the choice lives in the address (?group=), so a reload or a
// shared link keeps it; choosing another group narrows every card.
import { t } from './i18n.js';
import { state } from './state.js';
import { $, esc } from './util.js';

export const groupFromUrl = () => new URLSearchParams(location.search).get('group') ?? '';

/** Fills the choice from the policy's groups (an unknown ?group= falls back to all). */
export const fillGroups = () => {
  if (state.group && !state.groups.has(state.group)) setUrl((state.group = ''));
  $('group').innerHTML =
    `<option value="">${esc(t('filter.all'))}</option>` +
    [...state.groups]
      .map(([id, name]) => `<option value="${esc(id)}"${id === state.group ? ' selected' : ''}>${esc(name)}</option>`)
      .join('');
  $('group-filter').hidden = false;
};

const setUrl = (group) => {
  const params = new URLSearchParams(location.search);
  if (group) params.set('group', group);
  else params.delete('group');
  history.replaceState(null, '', location.pathname + (params.toString() ? `?${params}` : ''));
};

export const onGroupChange = (changed) =>
  $('group').addEventListener('change', (e) => {
    state.group = e.target.value;
    setUrl(state.group);
    changed();
  });
