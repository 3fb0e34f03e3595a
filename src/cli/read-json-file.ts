import { readFile } from 'node:fs/promises';
import { SwitchboardError } from '../core/errors/index.ts';

/**
 * Reads a JSON file named on the command line; a missing file or malformed JSON is a
 * SWB_CLI_INPUT error at `file:line:col` instead of a stack trace.
 */
export async function readJsonFile(file: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SwitchboardError(
      'SWB_CLI_INPUT',
      code === 'ENOENT'
        ? `${file}: no such file (given as ${option})`
        : `${file}: cannot be read (${code ?? String(e)})`,
      { path: file },
    );
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const where = `${file}:${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
    throw new SwitchboardError('SWB_CLI_INPUT', `${where}: not valid JSON (${message})`, { path: where });
  }
}
