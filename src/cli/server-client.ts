import { type ErrorCode, errorCodes, SwitchboardError } from '../core/errors/index.ts';

/** `--server URL --token T`: the CLI goes through a running server instead of opening its data directory. */
export interface ServerTarget {
  url: string;
  token: string;
}

/** The --server and --token of a command, checked; undefined when neither is given. */
export function serverTarget(values: { server?: string; token?: string }, command: string): ServerTarget | undefined {
  if (values.server === undefined && values.token === undefined) return undefined;
  if (!values.server)
    throw new SwitchboardError('SWB_CLI_USAGE', `${command}: --token needs --server URL (the running server)`, {
      path: '--server',
    });
  if (!values.token)
    throw new SwitchboardError('SWB_CLI_USAGE', `${command}: --server needs --token T (an API token of that server)`, {
      path: '--token',
    });
  let url: URL;
  try {
    url = new URL(values.server);
  } catch {
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `${command}: --server ${values.server} is not a URL (e.g. http://127.0.0.1:3000)`,
      {
        path: '--server',
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SwitchboardError('SWB_CLI_USAGE', `${command}: --server must be an http:// or https:// URL`, {
      path: '--server',
    });
  return { url: values.server.replace(/\/+$/, ''), token: values.token };
}

/**
 * One call to the server's API (`path` under /api); answers the JSON body of a 2xx answer. A
 * refused call throws the server's own SWB_* code and message.
 */
export async function callServer(
  target: ServerTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: { type: string; data: string | Uint8Array },
  /** `text`: the answer is a file (CSV), returned as text. */
  answer: 'json' | 'text' = 'json',
): Promise<unknown> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${target.token}`,
    accept: answer === 'json' ? 'application/json' : '*/*',
  };
  if (body) headers['content-type'] = body.type;
  let res: Response;
  try {
    res = await fetch(`${target.url}/api${path}`, { method, headers, ...(body ? { body: body.data } : {}) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new SwitchboardError(
      'SWB_CLI_USAGE',
      `--server ${target.url}: no answer (${cause?.code ?? cause?.message ?? (e as Error).message}); is the server running there?`,
      { path: '--server' },
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok && answer === 'text') return text;
  if (res.ok) {
    if (json === undefined)
      throw new SwitchboardError('SWB_CLI_USAGE', `--server ${target.url}: ${method} /api${path} did not answer JSON`);
    return json;
  }
  const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const code = error?.code && error.code in errorCodes ? (error.code as ErrorCode) : 'SWB_INTERNAL';
  throw new SwitchboardError(
    code,
    `server ${target.url} answered ${res.status} to ${method} /api${path}: ${error?.message ?? (text.slice(0, 200) || res.statusText)}`,
    error?.details,
  );
}

/** SWB_STORE_LOCKED from opening a data directory, with the way through the server that holds it. */
export function lockedHint(err: unknown, command: string): unknown {
  if (!(err instanceof SwitchboardError) || err.code !== 'SWB_STORE_LOCKED') return err;
  return new SwitchboardError(
    'SWB_STORE_LOCKED',
    `${err.message} To ${command} while that server runs, go through it: pass --server URL --token T (the server's address and an API token).`,
    err.details,
    { cause: err },
  );
}
