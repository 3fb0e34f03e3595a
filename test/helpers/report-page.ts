import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A figure element of a report page (`data-k` its JSON path, `data-v` its raw value) as shown. */
export interface ShownFigure {
  k: string;
  v: string;
  text: string;
  visible: boolean;
}

/** Opens a report file, recording every request the page makes, and reads every figure it shows. */
export async function openReportPage(
  browser: BrowserContext,
  file: string,
): Promise<{ page: Page; figures: ShownFigure[]; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${file}`);
  const figures = await page.$$eval('[data-k]', (els) =>
    els.map((e) => ({
      k: e.getAttribute('data-k')!,
      v: e.getAttribute('data-v')!,
      text: (e.textContent ?? '').trim(),
      visible: e.getBoundingClientRect().width > 0,
    })),
  );
  return { page, figures, requests };
}

/**
 * Every figure's raw value equals the JSON at its path (`valueAt`), its text is that value as
 * one of `formats` writes it, and it is visible; the page fetched nothing but its own file.
 */
export function expectFiguresMatchJson(
  shown: { figures: ShownFigure[]; requests: string[] },
  valueAt: (path: string) => unknown,
  formats: ((v: number | null) => string)[],
): void {
  for (const s of shown.figures) {
    const value = valueAt(s.k) as number | null;
    expect(s.v === '' ? null : Number(s.v), s.k).toBe(value);
    expect(
      formats.some((f) => f(value) === s.text),
      `${s.k}: "${s.text}"`,
    ).toBe(true);
    expect(s.visible, s.k).toBe(true);
  }
  expect(shown.requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
}
