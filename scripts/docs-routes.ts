// Rewrites the routes table in docs/api.md between its markers from the declared routes.
import { readFileSync, writeFileSync } from 'node:fs';
import { allRoutes } from '../src/http/api-routes.ts';
import { routesTableMarkdown } from '../src/http/routes-markdown.ts';

const file = new URL('../docs/api.md', import.meta.url);
const page = readFileSync(file, 'utf8');
const start = '<!-- routes:start -->';
const end = '<!-- routes:end -->';
const a = page.indexOf(start);
const b = page.indexOf(end);
if (a < 0 || b < a) throw new Error(`docs/api.md needs the markers ${start} and ${end}`);
writeFileSync(file, `${page.slice(0, a + start.length)}\n${routesTableMarkdown(allRoutes)}\n${page.slice(b)}`);
console.log('docs/api.md routes table updated');
