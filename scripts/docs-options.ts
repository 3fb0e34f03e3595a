// Rewrites the options table in docs/embedding.md between its markers from the options schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { optionsTableMarkdown } from '../src/switchboard/options/table.ts';

const file = new URL('../docs/embedding.md', import.meta.url);
const doc = readFileSync(file, 'utf8');
const start = '<!-- options:start -->';
const end = '<!-- options:end -->';
const a = doc.indexOf(start);
const b = doc.indexOf(end);
if (a < 0 || b < a) throw new Error(`docs/embedding.md needs the markers ${start} and ${end}`);
writeFileSync(file, `${doc.slice(0, a + start.length)}\n${optionsTableMarkdown()}\n${doc.slice(b)}`);
console.log('docs/embedding.md options table updated');
