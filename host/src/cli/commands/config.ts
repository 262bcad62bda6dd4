import type { BuiltinCommand } from '../command.js';
import { knownConfigKeys, parseConfigValue } from '../config-validation.js';
import { usageError } from '../usage-error.js';

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

function checkKey(key: string | undefined): void {
  if (!key || !KEY_PATTERN.test(key)) throw usageError(`invalid config key "${(key ?? '').slice(0, 100)}"`);
}

export const configCommands: BuiltinCommand[] = [
  {
    path: ['config', 'get'],
    summary: 'Print a config value as JSON (secret values only as {"isSet":...})',
    usage: 'crm-host config get <key> [--show-secret] [--root DIR]',
    options: { 'show-secret': { type: 'boolean' } },
    positionals: ['key'],
    validate: ({ positionals }) => checkKey(positionals[0]),
    async run({ positionals, values }, io, env) {
      const key = positionals[0]!;
      return env.withHost(
        async (host) => {
          if (!host.config.has(key) && !knownConfigKeys(host.metadata).has(key)) {
            throw usageError(`unknown config key "${key}"`);
          }
          const value = host.config.get(key) ?? null;
          const secret = host.config.levelOf(key) === 'secret';
          io.out(JSON.stringify(secret && !values['show-secret'] ? { isSet: host.config.has(key) } : value));
          return 0;
        },
        { loadExtensions: false },
      );
    },
  },
  {
    path: ['config', 'set'],
    summary: 'Set a config value (JSON, or plain text for string settings); unknown keys and wrong types are refused',
    usage: [
      'crm-host config set <key> <json-or-string> [--root DIR]',
      '',
      'Examples:',
      '  crm-host config set siteUrl https://crm.example.com',
      '  crm-host config set oidcScopes \'["openid","email"]\'',
      '  crm-host config set oidcAllowRegularUserFallback false',
    ].join('\n'),
    options: {},
    positionals: ['key', 'value'],
    validate: ({ positionals }) => checkKey(positionals[0]),
    async run({ positionals }, io, env) {
      const [key, text] = positionals as [string, string];
      return env.withHost(
        async (host) => {
          const value = parseConfigValue(host.metadata, key, text);
          await host.config.set({ [key]: value });
          const shown = host.config.levelOf(key) === 'secret' ? '(secret)' : JSON.stringify(value);
          io.out(`${key} = ${shown}`);
          return 0;
        },
        { loadExtensions: false },
      );
    },
  },
];
