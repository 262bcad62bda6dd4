import { readFile } from 'node:fs/promises';
import type { ConfigValue } from '../../../sdk/config.js';
import type { Host } from '../../app/host.js';
import type { BuiltinCommand } from '../command.js';
import { configKeyKind } from '../config-validation.js';
import { setConfigValue } from '../config-writer.js';
import { settingsFieldDefs } from '../../settings/field-defs.js';
import { usageError } from '../usage-error.js';

/** A secret the key ring cannot open must not stop the admin from re-entering it. */
const UNREADABLE_SECRETS_ALLOWED = { unreadableSecrets: 'allow' } as const;

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
      }, UNREADABLE_SECRETS_ALLOWED);
    },
  },
  {
    path: ['config', 'set'],
    summary: 'Set a config value (JSON, or plain text for string settings); unknown keys and wrong types are refused',
    usage: [
      'crm-host config set <key> <json-or-string> [--root DIR]',
      'crm-host config set <key> --value-file PATH [--root DIR]',
      'crm-host config set <key> --stdin [--root DIR]',
      '',
      '  --value-file PATH  read the value from a file (one trailing newline is dropped): for keys and secrets',
      '  --stdin            read the value from standard input (one trailing newline is dropped)',
      '',
      'A value may start with "-" (a PEM block, a negative number); "--" ends the options, so anything after it',
      'is the value.',
      '',
      'Examples:',
      '  crm-host config set siteUrl https://crm.example.com',
      '  crm-host config set oidcScopes \'["openid","email"]\'',
      '  crm-host config set oidcAllowRegularUserFallback false',
      '  crm-host config set oidcClientPrivateKey --value-file key.pem',
      '  crm-host config set oidcClientSecret --stdin < secret.txt',
    ].join('\n'),
    options: { 'value-file': { type: 'string' }, stdin: { type: 'boolean' } },
    positionals: ['key', 'value?'],
    validate: ({ positionals, values }) => {
      checkKey(positionals[0]);
      const sources = [positionals.length > 1 ? '<value>' : null, values['value-file'] ? '--value-file' : null]
        .concat(values.stdin ? ['--stdin'] : [])
        .filter((s): s is string => s !== null);
      if (sources.length === 0) throw usageError('config set: missing <value> (or --value-file PATH, or --stdin)');
      if (sources.length > 1) throw usageError(`config set: use only one of ${sources.join(', ')}`);
      if (values['value-file'] === '') throw usageError('--value-file needs a file');
    },
    async run({ positionals, values }, io, env) {
      const key = positionals[0]!;
      const text = await valueText(positionals[1], values, env.readStdin);
      return env.withHost(async (host) => {
        const value = await setConfigValue(host, key, text);
        const shown = isSecret(host, key) ? '(secret)' : JSON.stringify(value);
        io.out(`${key} = ${shown}`);
        return 0;
      }, UNREADABLE_SECRETS_ALLOWED);
    },
  },
];

/** The value of `config set`: the positional, else the file, else stdin (one trailing newline dropped). */
async function valueText(
  positional: string | undefined,
  values: Record<string, string | boolean | undefined>,
  readStdin: () => Promise<string>,
): Promise<string> {
  if (positional !== undefined) return positional;
  const file = values['value-file'];
  if (typeof file === 'string') {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw usageError(`--value-file: cannot read ${file.slice(0, 200)} (${error.code ?? error.message})`);
    });
    return text.replace(/\r?\n$/, '');
  }
  return (await readStdin()).replace(/\r?\n$/, '');
}
