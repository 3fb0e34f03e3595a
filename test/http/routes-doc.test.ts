import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/http/api-routes.ts';
import { routesTableMarkdown } from '../../src/http/routes-markdown.ts';

describe('docs/api.md', () => {
  it('the routes table equals the declared routes (run `npm run docs:routes` after changing routes)', () => {
    const page = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const start = '<!-- routes:start -->';
    const table = page.slice(page.indexOf(start) + start.length, page.indexOf('<!-- routes:end -->')).trim();
    expect(table).toBe(routesTableMarkdown(allRoutes));
    expect(table).toContain('| GET | `/metrics` | admin, supervisor | no |');
    expect(table).toContain('| POST | `/api/tickets/:id/merge` | admin, supervisor, agent (own groups) | yes |');
  });
});
