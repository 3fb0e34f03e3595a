import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/core/errors/index.ts';
import { errorTableMarkdown } from '../../src/core/errors/table.ts';

const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it('the error table of docs/errors.md equals the code list (run `npm run docs:errors` after changing codes)', () => {
    const table = page
      .slice(
        page.indexOf('<!-- errors:start -->') + '<!-- errors:start -->'.length,
        page.indexOf('<!-- errors:end -->'),
      )
      .trim();
    expect(table).toBe(errorTableMarkdown());
    const documented = [...table.matchAll(/^\| `(SWB_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCodes).sort());
  });

  it('codes follow SWB_<AREA>_<PROBLEM>, carry an HTTP status, a description and a hint', () => {
    for (const [code, def] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^SWB_[A-Z]+(_[A-Z]+)*$/);
      expect(def.status).toBeGreaterThanOrEqual(400);
      expect(def.description.length, code).toBeGreaterThan(10);
      expect(def.hint.length, code).toBeGreaterThan(10);
    }
  });
});

describe('an error turned into text', () => {
  it('keeps its SWB code (log lines use String(err))', async () => {
    const { SwitchboardError } = await import('../../src/core/errors/switchboard-error.ts');
    const err = new SwitchboardError('SWB_STORE_CONFLICT', 'ticket t_1 changed meanwhile; reload it and retry');
    expect(String(err)).toBe('SWB_STORE_CONFLICT: ticket t_1 changed meanwhile; reload it and retry');
    expect(`${err}`).toContain('SWB_STORE_CONFLICT');
  });
});
