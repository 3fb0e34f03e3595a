import type { SourceText } from '../config/read-sources.ts';
import { SwitchboardError } from '../core/errors/index.ts';

const maxFiles = 100;

/** The body of POST /api/policy/validate: `{ text }` (one policy.yaml) or `{ files: [{ file, text }] }`. */
export function candidateSources(body: unknown): SourceText[] {
  const b = (body ?? {}) as { text?: unknown; files?: unknown };
  if (typeof b.text === 'string') return [{ file: 'policy.yaml', text: b.text }];
  if (
    Array.isArray(b.files) &&
    b.files.length > 0 &&
    b.files.length <= maxFiles &&
    b.files.every(
      (f) =>
        f &&
        typeof f === 'object' &&
        typeof f.file === 'string' &&
        /^[^/\\]{1,200}\.ya?ml$/i.test(f.file) &&
        typeof f.text === 'string',
    )
  ) {
    const files = b.files as SourceText[];
    // policy.yaml first, then by name: the order a policy directory is read in.
    return [...files].sort(
      (x, y) =>
        Number(!/^policy\.ya?ml$/i.test(x.file)) - Number(!/^policy\.ya?ml$/i.test(y.file)) ||
        x.file.localeCompare(y.file),
    );
  }
  throw new SwitchboardError(
    'SWB_API_VALIDATION',
    `send { "text": "<policy.yaml>" } or { "files": [{ "file": "name.yaml", "text": "..." }] } (1-${maxFiles} files, plain .yaml names)`,
    { path: '/' },
  );
}
