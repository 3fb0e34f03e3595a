import { parseArgs } from 'node:util';
import { SwitchboardError } from '../core/errors/index.ts';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedArgs<T extends Options> {
  values: {
    [K in keyof T]?: T[K]['multiple'] extends true ? string[] : T[K]['type'] extends 'boolean' ? boolean : string;
  };
  positionals: string[];
}

/** parseArgs with errors that say which option was wrong and point at help. */
export function parseCommandArgs<const T extends Options>(args: string[], options: T, command: string): ParsedArgs<T> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as unknown as ParsedArgs<T>;
  } catch (e) {
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `${command}: ${(e as Error).message}. Run \`switchboard help\` for the options.`,
    );
  }
}
