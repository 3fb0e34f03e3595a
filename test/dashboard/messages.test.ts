import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../public/dashboard/', import.meta.url);
const load = async (lang: string): Promise<Record<string, string>> =>
  (await import(new URL(`i18n/${lang}.js`, dir).href)).default;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));

/** The labels the page asks for: data-i18n keys in the HTML, t('…') and setStatus(…, '…') in the modules. */
const usedKeys = () => {
  const html = readFileSync(new URL('index.html', dir), 'utf8');
  const keys = new Set([...html.matchAll(/data-i18n(?:-placeholder)?="([^"]+)"/g)].map((m) => m[1]!));
  for (const js of sources) {
    for (const m of js.matchAll(/\bt\('([^']+)'/g)) keys.add(m[1]!);
    for (const m of js.matchAll(/setStatus\([^,]+, '([^']+)'/g)) keys.add(`status.${m[1]}`);
    for (const m of js.matchAll(/dataset\.i18n = '([^']+)'/g)) keys.add(m[1]!);
  }
  // keys built from values: presence states, SLA targets, the status the page starts in
  for (const p of ['online', 'away', 'offline']) keys.add(`presence.${p}`);
  for (const k of ['firstResponse', 'resolution']) keys.add(`timer.${k}`);
  return keys;
};

describe('the dashboard message tables (public/dashboard/i18n)', () => {
  it('zh-CN and en have the same keys, every label filled, with the same placeholders', async () => {
    const en = await load('en');
    const zh = await load('zh-CN');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(zh[key]!.trim(), key).not.toBe('');
      expect(placeholders(zh[key]!), key).toEqual(placeholders(text));
    }
    // a zh-CN label in Chinese, not English left untranslated
    expect(zh['agents.title']).toBe('坐席');
    expect(zh['lang.switch']).toBe('English');
    expect(en['lang.switch']).toBe('中文');
  });

  it('every label the page shows is in the tables, and the tables hold no label the page never shows', async () => {
    const en = await load('en');
    const used = usedKeys();
    expect([...used].filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });
});
