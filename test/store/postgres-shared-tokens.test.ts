import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTokenStore, type TokenStore } from '../../src/auth/token-store.ts';
import { createPostgresStore, type PostgresStore } from '../../src/postgres/index.ts';
import { systemClock } from '../../src/core/util/clock.ts';
import { createIdGenerator } from '../../src/core/util/ids.ts';
import { dropSchema, postgresUrl, uniqueSchema } from '../helpers/postgres.ts';
import { tempDir } from '../helpers/server.ts';

const url = postgresUrl();

describe.skipIf(!url)('access tokens shared through PostgreSQL (several processes)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  const scratch = async () => {
    const t = await tempDir();
    cleanups.push(t.remove);
    return t.dir;
  };

  /** One "process": its own pool on the schema, its own data directory, its own token store. */
  const processOn = async (
    schema: string,
    extra: { adminToken?: string; dataDir?: string; firstAdmins?: string[] } = {},
  ): Promise<{ store: PostgresStore; tokens: TokenStore; dataDir: string }> => {
    const store = createPostgresStore({ connectionString: url!, schema });
    await store.open();
    cleanups.push(() => store.close());
    const dataDir = extra.dataDir ?? (await scratch());
    const tokens = await openTokenStore({
      dataDir,
      clock: systemClock,
      ids: createIdGenerator(),
      shared: store.cluster.tokens,
      refreshMs: 60_000, // the test calls refresh() itself
      ...(extra.adminToken ? { adminToken: extra.adminToken } : {}),
      onFirstAdmin: (secret) => extra.firstAdmins?.push(secret),
    });
    cleanups.push(() => tokens.close());
    return { store, tokens, dataDir };
  };

  it('a token made or revoked by one process is accepted or refused by the other after its refresh', async () => {
    const schema = uniqueSchema('tok');
    cleanups.push(() => dropSchema(url!, schema));
    const a = await processOn(schema, { adminToken: 'swb_env_admin_token_for_tests_0001' });
    const b = await processOn(schema, { adminToken: 'swb_env_admin_token_for_tests_0001' });

    const { token, info } = await a.tokens.create({ name: 'mail gateway', role: 'intake' }, 'tok_admin');
    expect(a.tokens.verify(token)?.role).toBe('intake');
    expect(b.tokens.verify(token)).toBeUndefined(); // not read yet
    await b.tokens.refresh();
    expect(b.tokens.verify(token)).toMatchObject({ tokenId: info.id, name: 'mail gateway', role: 'intake' });
    expect(b.tokens.list().map((t) => t.id)).toEqual([info.id]);

    await a.tokens.revoke(info.id);
    expect(b.tokens.verify(token)?.role).toBe('intake');
    await b.tokens.refresh();
    expect(b.tokens.verify(token)).toBeUndefined();
    expect(b.tokens.list()[0]!.revokedAt).toBeDefined();

    // only the hash is in the database
    const rows = await a.store.pool.query<{ record: object }>(`SELECT record FROM ${a.store.names.tokens}`);
    expect(JSON.stringify(rows.rows)).not.toContain(token);

    // a process that opens later starts from the database
    const c = await processOn(schema, { adminToken: 'swb_env_admin_token_for_tests_0001' });
    expect(c.tokens.list()).toEqual(b.tokens.list());
  });

  it('processes that start together on an empty database make one first admin token between them', async () => {
    const schema = uniqueSchema('tok');
    cleanups.push(() => dropSchema(url!, schema));
    const firstAdmins: string[] = [];
    const seed = createPostgresStore({ connectionString: url!, schema });
    await seed.open(); // migrated once, so the three below race only on the tokens
    await seed.close();
    const started = await Promise.all([0, 1, 2, 3, 4].map(() => processOn(schema, { firstAdmins })));
    expect(firstAdmins).toHaveLength(1);
    for (const p of started) await p.tokens.refresh();
    for (const p of started) expect(p.tokens.verify(firstAdmins[0]!)?.role).toBe('admin');
  });

  it("a deployment moving from lowdb to PostgreSQL keeps its data directory's tokens", async () => {
    const schema = uniqueSchema('tok');
    cleanups.push(() => dropSchema(url!, schema));
    const dataDir = await scratch();
    const before = await openTokenStore({
      dataDir,
      clock: systemClock,
      ids: createIdGenerator(),
      adminToken: 'swb_env_admin_token_for_tests_0001',
    });
    const { token } = await before.create({ name: 'dashboard', role: 'viewer' });
    before.close();

    const firstAdmins: string[] = [];
    const moved = await processOn(schema, { dataDir, firstAdmins });
    expect(moved.tokens.verify(token)?.role).toBe('viewer');
    expect(firstAdmins).toEqual([]); // tokens exist: no new admin
    const other = await processOn(schema, { dataDir: await scratch() });
    expect(other.tokens.verify(token)?.role).toBe('viewer');
  });

  it('a broken tokens file in the data directory stops the start with its path rather than being skipped', async () => {
    const schema = uniqueSchema('tok');
    cleanups.push(() => dropSchema(url!, schema));
    const dataDir = join(await scratch(), 'd');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'tokens.json'), '{ "tokens": [', 'utf8');
    await expect(processOn(schema, { dataDir })).rejects.toMatchObject({
      code: 'SWB_STORE_CORRUPT',
      message: expect.stringContaining(join(dataDir, 'tokens.json')),
    });
  });
});
