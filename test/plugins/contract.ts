/**
 * The plugin contract: what every plugin in plugins/ must do. Run by contract.test.ts over each
 * folder; a third-party plugin can run it too (`pluginContract(name, dir)`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { pathToFileURL } from 'node:url';
import { valid } from 'semver';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/switchboard/create-switchboard.ts';
import type { SwitchboardEvent } from '../../src/core/tickets/events.ts';
import { hookNames } from '../../src/plugins/hooks.ts';
import { resolvePlugin } from '../../src/plugins/resolve.ts';
import { tempDir } from '../helpers/server.ts';
import { makeSwitchboard, policyText, ticket } from './helpers.ts';

const declare = (name: string, options: unknown) =>
  `plugins:\n  - name: ${name}\n    options: ${JSON.stringify(options)}\n`;

export function pluginContract(name: string, dir: string): void {
  const load = async () => {
    const mod = (await import(pathToFileURL(join(dir, name, 'index.ts')).href)) as {
      exampleOptions?: Record<string, unknown>;
    };
    return { options: mod.exampleOptions ?? {}, ...(await resolvePlugin(name, { dirs: [dir], cwd: process.cwd() })) };
  };

  describe(`plugin contract: ${name}`, () => {
    it('loads from its folder under its own name, with a version and a range that includes this Switchboard', async () => {
      const { def } = await load();
      expect(def.name).toBe(name);
      expect(valid(def.version)).not.toBeNull();
      const { satisfies } = await import('semver');
      expect(satisfies(packageVersion, def.switchboard)).toBe(true);
      const manifest = new Ajv({ strict: false }).compile(
        JSON.parse(readFileSync(join(process.cwd(), 'schemas/plugin.schema.json'), 'utf8')) as object,
      );
      const { setup: _setup, ...declared } = def;
      expect(manifest(declared), JSON.stringify(manifest.errors)).toBe(true);
    });

    it('validates its options: a closed object schema that accepts its example and rejects unknown keys at their position', async () => {
      const { def, options } = await load();
      expect(def.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false });
      const bad = await makeSwitchboard(policyText(declare(name, { ...options, notAnOption: 1 })), {
        pluginDirs: [dir],
      }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'SWB_PLUGIN_OPTIONS' });
      expect((bad as Error).message).toMatch(/policy\.yaml:\d+:\d+ SWB_PLUGIN_OPTIONS .*"notAnOption" is not known/);
    });

    it('sets up within the default time limit, declares only known hooks, and survives use and close', async () => {
      const { options } = await load();
      const tmp = await tempDir();
      try {
        const sb = await makeSwitchboard(policyText(declare(name, options)), { pluginDirs: [dir], dataDir: tmp.dir });
        const errors: SwitchboardEvent[] = [];
        sb.events.subscribe('plugin.error', (e) => errors.push(e));
        const [loaded] = sb.plugins.loaded();
        expect(loaded).toMatchObject({ name, from: join(dir, name, 'index.ts') });
        for (const h of loaded!.hooks) expect(hookNames).toContain(h);
        const { ticket: t } = await sb.tickets.create(ticket('contract check: cannot log in'));
        await sb.tickets.setStatus(t.id, 'open');
        await sb.plugins.settled();
        await sb.close();
        expect(errors).toEqual([]);
      } finally {
        await tmp.remove();
      }
    });
  });
}
