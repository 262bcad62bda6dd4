import type { ConfigValue } from '../../../sdk/config.js';
import type { Host } from '../../app/host.js';
import type { BuiltinCommand } from '../command.js';
import { configKeyKind } from '../config-validation.js';
import { setConfigValue } from '../config-writer.js';
import { settingsFieldDefs } from '../../settings/field-defs.js';
import { usageError } from '../usage-error.js';

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** Secret like the settings API sees it: a `password` field, or config level `secret`. */
function isSecret(host: Host, key: string): boolean {
  return settingsFieldDefs(host.metadata)[key]?.type === 'password' || host.config.levelOf(key) === 'secret';
}

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
      return env.withHost(async (host) => {
        if (!host.config.has(key) && !configKeyKind(host.metadata, key)) {
          throw usageError(`unknown config key "${key}"`);
        }
        const fallback = settingsFieldDefs(host.metadata)[key]?.default as ConfigValue | undefined;
        const value = host.config.get(key, fallback) ?? null;
        const secret = isSecret(host, key);
        io.out(JSON.stringify(secret && !values['show-secret'] ? { isSet: host.config.has(key) } : value));
        return 0;
      });
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
      return env.withHost(async (host) => {
        const value = await setConfigValue(host, key, text);
        const shown = isSecret(host, key) ? '(secret)' : JSON.stringify(value);
        io.out(`${key} = ${shown}`);
        return 0;
      });
    },
  },
];
