import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SwitchboardError } from '../../errors/index.ts';
import type { Clock } from '../../util/clock.ts';
import type { IdGenerator } from '../../util/ids.ts';
import type { Principal } from './principal.ts';
import type { Role } from './roles.ts';

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
  create(input: { name: string; role: Role; agent?: string; groups?: string[] }, createdBy?: string): Promise<{ token: string; info: TokenInfo }>;
  list(): TokenInfo[];
  revoke(id: string): Promise<TokenInfo>;
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
}

/**
 * Tokens in `<dataDir>/tokens.json`, hashed. Secure by default: when no token exists and no
 * admin secret is given, a first admin token is generated into `<dataDir>/admin-token` (0600)
 * and handed to `onFirstAdmin` once.
 */
export async function openTokenStore(opts: TokenStoreOptions): Promise<TokenStore> {
  const file = opts.dataDir ? join(opts.dataDir, 'tokens.json') : undefined;
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  let records: TokenRecord[] = file && existsSync(file) ? ((JSON.parse(await readFile(file, 'utf8')) as { tokens: TokenRecord[] }).tokens ?? []) : [];
  const fixed: { hash: Buffer; principal: Principal }[] = [];
  if (opts.adminToken) fixed.push({ hash: hashToken(opts.adminToken), principal: { tokenId: 'env-admin', name: 'env-admin', role: 'admin' } });

  // Written to a temp file and renamed, so a crash never leaves half a token file; saves are
  // chained so concurrent changes never race on the temp file (found by the fuzz test).
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    const write = async () => {
      if (!file) return;
      const tmp = `${file}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ tokens: records }, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, file);
    };
    saving = saving.then(write, write);
    return saving;
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
    records = [...records, record];
    await save();
    return { token, info: info(record) };
  };

  if (records.length === 0 && fixed.length === 0) {
    const { token } = await create({ name: 'first-admin', role: 'admin' }, 'bootstrap');
    if (opts.dataDir) {
      const secretFile = join(opts.dataDir, 'admin-token');
      await writeFile(secretFile, `${token}\n`, { mode: 0o600 });
      await chmod(secretFile, 0o600);
      opts.onFirstAdmin?.(token, secretFile);
    } else {
      opts.onFirstAdmin?.(token, '(nowhere: no data directory, the token lives in memory)');
    }
  }

  return {
    verify(secret) {
      if (typeof secret !== 'string' || secret.length === 0 || secret.length > 512) return undefined;
      const hash = hashToken(secret);
      let found: Principal | undefined;
      // Compare against every record (no early exit) so timing does not reveal which matched.
      for (const f of fixed) if (timingSafeEqual(hash, f.hash)) found = f.principal;
      for (const r of records) {
        if (timingSafeEqual(hash, Buffer.from(r.hash, 'hex')) && !r.revokedAt) {
          found = { tokenId: r.id, name: r.name, role: r.role, ...(r.agent ? { agent: r.agent } : {}), ...(r.groups ? { groups: r.groups } : {}) };
        }
      }
      return found;
    },
    create,
    list: () => records.map(info),
    async revoke(id) {
      const r = records.find((x) => x.id === id);
      if (!r) throw new SwitchboardError('SWB_TOKEN_NOT_FOUND', `no token with id "${id}"; list them with GET /api/tokens`);
      if (!r.revokedAt) {
        records = records.map((x) => (x.id === id ? { ...x, revokedAt: opts.clock.now().toISOString() } : x));
        await save();
      }
      return info(records.find((x) => x.id === id) as TokenRecord);
    },
  };
}
