import { SwitchboardError } from '../core/errors/index.ts';

/** `If-Match: 3`, `"3"` or `W/"3"`: the ticket version the caller edited (`*` or none: any). */
export function ifMatchOf(header: string | undefined): { ifMatch?: number } {
  if (header === undefined || header.trim() === '*') return {};
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m)
    throw new SwitchboardError(
      'SWB_API_VALIDATION',
      `If-Match "${header.slice(0, 40)}" is not a ticket version; send the \`version\` of the ticket you edited, e.g. If-Match: 3`,
      { path: 'If-Match' },
    );
  return { ifMatch: Number(m[1]) };
}
