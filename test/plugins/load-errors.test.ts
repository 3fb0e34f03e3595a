import { describe, expect, it } from 'vitest';
import { definePlugin, type PluginDefinition } from '../../src/index.ts';
import { makeSwitchboard, policyText } from './helpers.ts';

const plugin = (name: string, extra: Partial<PluginDefinition> = {}) =>
  definePlugin({ name, version: '1.0.0', switchboard: '^0.1.0', setup() {}, ...extra });

const failure = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message?: string; details?: unknown } | undefined;
  if (!err) throw new Error('expected the switchboard not to start');
  return err;
};

describe('loading plugins: each problem has its code and says how to fix it', () => {
  it('an unknown hook name is SWB_PLUGIN_UNKNOWN_HOOK', async () => {
    const p = plugin('hooky', { setup: (host) => host.on('beforeSave' as 'onReady', () => {}) });
    const err = await failure(makeSwitchboard(policyText(), { plugins: [p] }));
    expect(err.code).toBe('SWB_PLUGIN_UNKNOWN_HOOK');
    expect(err.message).toContain('unknown hook "beforeSave"; hooks are onReady, beforeCreate, afterCreate');
  });

  it('a version range that excludes this Switchboard is SWB_PLUGIN_VERSION', async () => {
    const err = await failure(makeSwitchboard(policyText(), { plugins: [plugin('old', { switchboard: '^2.0.0' })] }));
    expect(err.code).toBe('SWB_PLUGIN_VERSION');
    expect(err.message).toBe(
      'plugin "old" 1.0.0 supports Switchboard ^2.0.0, not 0.1.0; use a version of the plugin made for 0.1.0',
    );
  });

  it('a missing dependency and a cycle are SWB_PLUGIN_DEPENDENCY', async () => {
    const missing = await failure(makeSwitchboard(policyText(), { plugins: [plugin('a', { dependencies: ['b'] })] }));
    expect(missing.code).toBe('SWB_PLUGIN_DEPENDENCY');
    expect(missing.message).toContain('plugin "a" depends on plugin "b", which is not loaded');
    const cycle = await failure(
      makeSwitchboard(policyText(), {
        plugins: [plugin('a', { dependencies: ['b'] }), plugin('b', { dependencies: ['a'] })],
      }),
    );
    expect(cycle.code).toBe('SWB_PLUGIN_DEPENDENCY');
    expect(cycle.message).toContain('cycle: a → b → a');
  });

  it('sets plugins up after their dependencies, whatever the order given', async () => {
    const order: string[] = [];
    const mk = (name: string, deps: string[] = []) =>
      plugin(name, { dependencies: deps, setup: () => void order.push(name) });
    const sb = await makeSwitchboard(policyText(), { plugins: [mk('c', ['b']), mk('b', ['a']), mk('a'), mk('d')] });
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(sb.plugins.loaded().map((p) => p.name)).toEqual(['a', 'b', 'c', 'd']);
    await sb.close();
  });

  it('a setup that does not finish in time is SWB_PLUGIN_SETUP_TIMEOUT', async () => {
    const slow = plugin('slow', { setup: () => new Promise(() => {}) });
    const err = await failure(makeSwitchboard(policyText(), { plugins: [slow], pluginSetupTimeoutMs: 30 }));
    expect(err.code).toBe('SWB_PLUGIN_SETUP_TIMEOUT');
    expect(err.message).toBe('setup of plugin "slow" did not finish within 30 ms; move slow work to the onReady hook');
  });

  it('a setup that throws is SWB_PLUGIN_SETUP', async () => {
    const err = await failure(
      makeSwitchboard(policyText(), {
        plugins: [
          plugin('bad', {
            setup: () => {
              throw new Error('no key');
            },
          }),
        ],
      }),
    );
    expect(err.code).toBe('SWB_PLUGIN_SETUP');
    expect(err.message).toBe('setup of plugin "bad" failed: no key');
  });

  it('bad options are SWB_PLUGIN_OPTIONS, each at file:line:col of the offending option', async () => {
    const p = plugin('opt', {
      optionsSchema: {
        type: 'object',
        required: ['url'],
        additionalProperties: false,
        properties: { url: { type: 'string', format: 'uri' }, retries: { type: 'integer', minimum: 0 } },
      },
    });
    const text = policyText(
      'plugins:\n  - name: opt\n    options:\n      url: not a url\n      retries: -1\n      colour: red\n',
    );
    const err = await failure(makeSwitchboard(text, { plugins: [p] }));
    expect(err.code).toBe('SWB_PLUGIN_OPTIONS');
    expect(err.message).toMatchInlineSnapshot(`
      "plugin options are invalid:
      policy.yaml:21:12 SWB_PLUGIN_OPTIONS plugin "opt" option "url" must match format "uri" (at /plugins/0/options/url)
      policy.yaml:22:16 SWB_PLUGIN_OPTIONS plugin "opt" option "retries" must be >= 0 (at /plugins/0/options/retries)
      policy.yaml:23:7 SWB_PLUGIN_OPTIONS plugin "opt" option "colour" is not known: remove it or check its spelling (at /plugins/0/options/colour)"
    `);
  });

  it('a plugin the policy names that exists nowhere is SWB_PLUGIN_NOT_FOUND', async () => {
    const err = await failure(
      makeSwitchboard(policyText('plugins:\n  - name: nowhere\n'), { pluginDirs: ['/nonexistent'] }),
    );
    expect(err.code).toBe('SWB_PLUGIN_NOT_FOUND');
    expect(err.message).toBe(
      'plugin "nowhere" not found: no nowhere/index.ts in /nonexistent and no package switchboard-plugin-nowhere',
    );
  });

  it('a rule using an operator no plugin added is a policy problem, not a crash', async () => {
    const rule =
      '    - { id: r, conditions: { all: [{ fact: subject, operator: isShouting, value: true }] }, event: { type: set-priority, params: { priority: P1 } } }\n';
    const err = await failure(makeSwitchboard(policyText('', rule)));
    expect(err.code).toBe('SWB_CONFIG_INVALID');
    expect(err.message).toContain('SWB_CONFIG_UNKNOWN_REF unknown operator "isShouting"');
  });

  it('definePlugin refuses a malformed declaration at once', () => {
    expect(() =>
      definePlugin({ name: 'Bad Name', version: '1', switchboard: 'not a range', setup: 1 as never }),
    ).toThrow(
      'plugin "Bad Name": name must be lower-case letters, digits and "-"; switchboard must be a semver range like "^0.1.0"; setup(host, options) must be a function',
    );
  });
});

describe('reloading a policy', () => {
  it('names plugin changes that need a restart, at their position', async () => {
    const opt = plugin('opt', { optionsSchema: { type: 'object', properties: { n: { type: 'integer' } } } });
    const sb = await makeSwitchboard(policyText('plugins:\n  - name: opt\n    options: { n: 1 }\n'), {
      plugins: [opt],
    });
    const same = sb.plugins.reloadProblems([
      { file: 'policy.yaml', text: policyText('plugins:\n  - name: opt\n    options: { n: 1 }\n') },
    ]);
    expect(same).toEqual([]);
    const changed = sb.plugins.reloadProblems([
      { file: 'policy.yaml', text: policyText('plugins:\n  - name: opt\n    options: { n: 2 }\n  - name: other\n') },
    ]);
    expect(changed.map((p) => `${p.line}:${p.col} ${p.code} ${p.message}`)).toEqual([
      '20:14 SWB_PLUGIN_RELOAD options of plugin "opt" changed; plugin options apply at start: restart Switchboard',
      '21:5 SWB_PLUGIN_RELOAD plugin "other" was not loaded at start; restart Switchboard to add a plugin',
    ]);
    await sb.close();
  });
});

describe('what plugins register must be well-formed', () => {
  it('a fact or operator name taken already, or an operator name with ":", is SWB_PLUGIN_INVALID', async () => {
    const fact = (name: string) =>
      plugin(name, { setup: (h) => h.addFact({ name: 'mood', description: 'x', compute: () => 1 }) });
    const dup = await failure(makeSwitchboard(policyText(), { plugins: [fact('one'), fact('two')] }));
    expect(dup).toMatchObject({
      code: 'SWB_PLUGIN_INVALID',
      message: 'plugin "two": fact "mood": fact "mood" is already defined',
    });
    const builtin = await failure(
      makeSwitchboard(policyText(), {
        plugins: [plugin('p', { setup: (h) => h.addFact({ name: 'channel', description: 'x', compute: () => 1 }) })],
      }),
    );
    expect(builtin.message).toBe('plugin "p": fact "channel": fact "channel" is already defined');
    const colon = await failure(
      makeSwitchboard(policyText(), {
        plugins: [
          plugin('p', { setup: (h) => h.addOperator({ name: 'a:b', description: 'x', evaluate: () => true }) }),
        ],
      }),
    );
    expect(colon.message).toBe('plugin "p": operator "a:b": operator name "a:b" must not contain ":"');
  });
});
