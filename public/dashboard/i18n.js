// The dashboard's language: one message table per language (i18n/<lang>.js). The policy's
// locale decides, unless the switch in the header chose one (kept in localStorage).
import en from './i18n/en.js';
import zhCN from './i18n/zh-CN.js';

const tables = { en, 'zh-CN': zhCN };
const storageKey = 'swb-lang';
let lang = 'en';

/** zh, zh-CN, zh-Hans… → zh-CN; everything else → en. */
export const languageOf = (locale) => (/^zh\b/i.test(locale ?? '') ? 'zh-CN' : 'en');

/** The language chosen in the page, else the one of `locale` (the policy's). */
export const chooseLanguage = (locale) => {
  const saved = localStorage.getItem(storageKey);
  lang = tables[saved] ? saved : languageOf(locale);
  document.documentElement.lang = lang;
  return lang;
};

export const currentLanguage = () => lang;

/** The label `key` in the current language, `{name}` filled from `vars`. */
export const t = (key, vars = {}) => {
  const text = tables[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
};

/** Fills every element with a `data-i18n` key (text) or `data-i18n-placeholder` key. */
export const applyLabels = (root = document) => {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
};

/** The header's switch: the other language, kept for the next visit. */
export const switchLanguage = () => {
  const next = lang === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem(storageKey, next);
  lang = next;
  document.documentElement.lang = lang;
  return lang;
};
