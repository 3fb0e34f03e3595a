import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '../core/errors/index.ts';
import type { Clock } from '../core/util/clock.ts';
import type { IdGenerator } from '../core/util/ids.ts';
import type { Principal } from './principal.ts';
import type { Role } from './roles.ts';
import type { SharedRecords } from '../store/shared-records.ts';

/** What tokens.json keeps: never the secret, only its sha256. */
export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  agent?: string;
  groups?: string[];
  hash: string;
  createdAt: string;
  createdBy?: string;
  revokedAt?: string;
}

export type TokenInfo = Omit<TokenRecord, 'hash'>;

export interface TokenStore {
  /** The principal a bearer secret stands for, or undefined. Constant time per record. */
  verify(secret: string): Principal | undefined;
  create(
    input: { name: string; role: Role; agent?: string; groups?: string[] },
    createdBy?: string,
  ): Promise<{ token: string; info: TokenInfo }>;
  list(): TokenInfo[];
  revoke(id: string): Promise<TokenInfo>;
  /** The principal a token id stands for now, or undefined once it is revoked or gone. */
  current(id: string): Principal | undefined;
  /**
   * Calls `listener` with the ids of tokens revoked, removed or changed (role, agent, groups),
   * by this process or, after its re-read, by another: open sockets of those tokens close.
   */
  onChange(listener: (ids: string[]) => void): () => void;
  /** Shared tokens: re-reads them now if another process changed them (else a no-op). */
  refresh(): Promise<void>;
  /** Stops watching shared tokens for changes. */
  close(): void;
}

/** Admin secrets chosen by people (not generated) must be at least this long. */
export const minAdminSecretLength = 24;

/** SWB_AUTH_WEAK_SECRET for a configured admin secret too short to resist guessing. */
export function checkAdminSecret(secret: string | undefined): void {
  if (secret !== undefined && secret.length < minAdminSecretLength)
    throw new SwitchboardError(
      'SWB_AUTH_WEAK_SECRET',
      `the admin secret given at start (SWITCHBOARD_ADMIN_TOKEN or security.adminToken) has ${secret.length} characters; use at least ${minAdminSecretLength}`,
    );
}

export const hashToken = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
const newSecret = () => `swb_${randomBytes(24).toString('base64url')}`;
const info = ({ hash: _h, ...rest }: TokenRecord): TokenInfo => rest;

export interface TokenStoreOptions {
  /** undefined = tokens in memory only (an embedder's own store and no data directory). */
  dataDir: string | undefined;
  clock: Clock;
  ids: IdGenerator;
  /** An admin secret from the environment (SWITCHBOARD_ADMIN_TOKEN) or the embedder. */
  adminToken?: string;
  /** Called once with the generated first admin secret (print it). */
  onFirstAdmin?: (secret: string, file: string) => void;
  /**
   * Tokens kept in the database (PostgreSQL) instead of `<dataDir>/tokens.json`, so every
   * process on it accepts the same tokens. Each process holds them in memory and re-reads them
   * within `refreshMs` of a change made by another.
   */
  shared?: SharedRecords<{ id: string }>;
  /** How often a process looks for other processes' token changes (default 1000 ms). */
  refreshMs?: number;
  /** Reports a failed look for changes, once until one succeeds again (the tokens held stay in force meanwhile). */
  onRefreshError?: (err: unknown) => void;
}

/**
 * Tokens in `<dataDir>/tokens.json`, hashed, or in the database when `shared` is given. Secure
 * by default: when no token exists and no admin secret is given, a first admin token is
 * generated into `<dataDir>/admin-token` (0600) and handed to `onFirstAdmin` once.
 */
export async function openTokenStore(opts: TokenStoreOptions): Promise<TokenStore> {
  const file = opts.dataDir ? join(opts.dataDir, 'tokens.json') : undefined;
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const fromFile = async (): Promise<TokenRecord[]> => {
    if (!file || !existsSync(file)) return [];
    try {
      const tokens = (JSON.parse(await readFile(file, 'utf8')) as { tokens?: unknown }).tokens ?? [];
      if (!Array.isArray(tokens)) throw new Error('"tokens" is not a list');
      return tokens as TokenRecord[];
    } catch (err) {
      throw new SwitchboardError(
        'SWB_STORE_CORRUPT',
        `the access tokens file ${file} cannot be read (${(err as Error).message}); restore it from a backup, or move it aside to start without its tokens`,
        { file },
      );
    }
  };
  const shared = opts.shared as SharedRecords<TokenRecord> | undefined;
  let records: TokenRecord[] = shared ? [] : await fromFile();
  /** The shared records' change mark when `records` was read (read before them). */
  let mark = '';
  const fixed: { hash: Buffer; principal: Principal }[] = [];
  checkAdminSecret(opts.adminToken);
  if (opts.adminToken)
    fixed.push({
      hash: hashToken(opts.adminToken),
      principal: { tokenId: 'env-admin', name: 'env-admin', role: 'admin' },
    });

  // Written to a temp file and renamed, so a crash never leaves half a token file; saves are
  // chained so concurrent changes never race on the temp file (found by the fuzz test).
  let saving: Promise<void> = Promise.resolve();
  const saveFile = () => {
    const write = async () => {
      if (!file) return;
      const tmp = `${file}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ tokens: records }, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, file);
    };
    saving = saving.then(write, write);
    return saving;
  };
  const listeners = new Set<(ids: string[]) => void>();
  const announce = (ids: string[]) => {
    if (ids.length === 0) return;
    for (const l of listeners) l(ids);
  };
  let localChanges = 0;
  const keep = (record: TokenRecord) => {
    localChanges++;
    records = records.some((r) => r.id === record.id)
      ? records.map((r) => (r.id === record.id ? record : r))
      : [...records, record];
  };
  /** A new or changed record: in the database first (shared), or in memory then the file. */
  const commit = async (record: TokenRecord) => {
    if (shared) {
      await shared.put(record);
      keep(record);
    } else {
      keep(record);
      await saveFile();
    }
  };

  const create: TokenStore['create'] = async (input, createdBy) => {
    const token = newSecret();
    const record: TokenRecord = {
      id: opts.ids('tok'),
      name: input.name,
      role: input.role,
      ...(input.agent ? { agent: input.agent } : {}),
      ...(input.groups?.length ? { groups: [...input.groups] } : {}),
      hash: hashToken(token).toString('hex'),
      createdAt: opts.clock.now().toISOString(),
      ...(createdBy ? { createdBy } : {}),
    };
    await commit(record);
    return { token, info: info(record) };
  };

  const bootstrap = async () => {
    if (shared) {
      // the mark first: a change made between the two reads shows as a newer mark
      mark = await shared.mark();
      records = await shared.all();
      // A deployment moving to PostgreSQL keeps the tokens of its data directory.
      if (records.length === 0) {
        const carried = await fromFile();
        for (const r of carried) await shared.put(r);
        if (carried.length > 0) records = carried;
      }
    }
    if (records.length > 0 || fixed.length > 0) return;
    const { token } = await create({ name: 'first-admin', role: 'admin' }, 'bootstrap');
    if (opts.dataDir) {
      const secretFile = join(opts.dataDir, 'admin-token');
      await writeFile(secretFile, `${token}\n`, { mode: 0o600 });
      await chmod(secretFile, 0o600);
      opts.onFirstAdmin?.(token, secretFile);
    } else {
      opts.onFirstAdmin?.(token, '(nowhere: no data directory, the token lives in memory)');
    }
  };
  // processes that start together on one database take turns: one makes the first admin
  if (shared) await shared.exclusively(bootstrap);
  else await bootstrap();

  let refreshing: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    if (!shared) return Promise.resolve();
    refreshing ??= (async () => {
      try {
        const now = await shared.mark();
        if (now === mark) return;
        const changes = localChanges;
        const read = await shared.all();
        // a change made here while reading may be missing from what was read: look again next time
        if (changes !== localChanges) return;
        const before = records;
        records = read;
        mark = now;
        announce(changedIds(before, read));
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };
  let failing = false;
  const watch = shared
    ? setInterval(() => {
        refresh().then(
          () => {
            failing = false;
          },
          (err: unknown) => {
            // once per outage, not once a second
            if (!failing) opts.onRefreshError?.(err);
            failing = true;
          },
        );
      }, opts.refreshMs ?? 1000)
    : undefined;
  watch?.unref();

  const principalOf = (r: TokenRecord): Principal => ({
    tokenId: r.id,
    name: r.name,
    role: r.role,
    ...(r.agent ? { agent: r.agent } : {}),
    ...(r.groups ? { groups: r.groups } : {}),
  });

  return {
    verify(secret) {
      if (typeof secret !== 'string' || secret.length === 0 || secret.length > 512) return undefined;
      const hash = hashToken(secret);
      let found: Principal | undefined;
      // Compare against every record (no early exit) so timing does not reveal which matched.
      for (const f of fixed) if (timingSafeEqual(hash, f.hash)) found = f.principal;
      for (const r of records) {
        if (timingSafeEqual(hash, Buffer.from(r.hash, 'hex')) && !r.revokedAt) found = principalOf(r);
      }
      return found;
    },
    create,
    current(id) {
      const fixedOne = fixed.find((f) => f.principal.tokenId === id);
      if (fixedOne) return fixedOne.principal;
      const r = records.find((x) => x.id === id);
      return r && !r.revokedAt ? principalOf(r) : undefined;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    list: () => records.map(info),
    async revoke(id) {
      const r = records.find((x) => x.id === id);
      if (!r)
        throw new SwitchboardError('SWB_TOKEN_NOT_FOUND', `no token with id "${id}"; list them with GET /api/tokens`);
      if (!r.revokedAt) {
        const admins = fixed.length + records.filter((x) => x.role === 'admin' && !x.revokedAt).length;
        if (r.role === 'admin' && admins <= 1)
          throw new SwitchboardError(
            'SWB_TOKEN_LAST_ADMIN',
            `token "${r.name}" (${id}) is the last admin token; create another admin token before revoking it`,
          );
        await commit({ ...r, revokedAt: opts.clock.now().toISOString() });
        announce([id]);
      }
      return info(records.find((x) => x.id === id) as TokenRecord);
    },
    refresh,
    close() {
      if (watch) clearInterval(watch);
    },
  };
}

/** Tokens that were usable before and are now revoked, gone, or stand for someone else. */
function changedIds(before: readonly TokenRecord[], after: readonly TokenRecord[]): string[] {
  const now = new Map(after.map((r) => [r.id, r]));
  const same = (a: TokenRecord, b: TokenRecord) =>
    a.role === b.role &&
    a.agent === b.agent &&
    a.hash === b.hash &&
    JSON.stringify(a.groups ?? []) === JSON.stringify(b.groups ?? []) &&
    !b.revokedAt;
  return before
    .filter((r) => !r.revokedAt)
    .filter((r) => {
      const later = now.get(r.id);
      return !later || !same(r, later);
    })
    .map((r) => r.id);
}
