import { errorCodes } from './codes.ts';

/** The error table of docs/errors.md, generated from the code list (`npm run docs:errors`). */
export function errorTableMarkdown(): string {
  const rows = Object.entries(errorCodes).map(
    ([code, d]) => `| \`${code}\` | ${d.status} | ${d.description} | ${d.hint.replace(/\|/g, '\\|')} |`,
  );
  return ['| Code | HTTP | Description | How to solve |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
