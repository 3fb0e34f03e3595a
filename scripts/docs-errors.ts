// Rewrites the error table in README.md between its markers from src/errors/codes.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { errorTableMarkdown } from '../src/core/errors/table.ts';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const start = '<!-- errors:start -->';
const end = '<!-- errors:end -->';
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error(`README.md needs the markers ${start} and ${end}`);
writeFileSync(file, `${readme.slice(0, a + start.length)}\n${errorTableMarkdown()}\n${readme.slice(b)}`);
console.log('README.md error table updated');
