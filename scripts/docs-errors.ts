// Rewrites the error table in docs/errors.md between its markers from src/core/errors/codes.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { errorTableMarkdown } from '../src/core/errors/table.ts';

const file = new URL('../docs/errors.md', import.meta.url);
const page = readFileSync(file, 'utf8');
const start = '<!-- errors:start -->';
const end = '<!-- errors:end -->';
const a = page.indexOf(start);
const b = page.indexOf(end);
if (a < 0 || b < a) throw new Error(`docs/errors.md needs the markers ${start} and ${end}`);
writeFileSync(file, `${page.slice(0, a + start.length)}\n${errorTableMarkdown()}\n${page.slice(b)}`);
console.log('docs/errors.md error table updated');
