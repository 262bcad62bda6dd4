import { HostError, type ConfigValue, type SettingsChecker } from 'crm-host/sdk';
import { parseArgs } from 'node:util';

export interface TestLoginArgs {
  /** `--set key=value`, parsed like `crm-host config set`. */
  readonly patch: Record<string, ConfigValue>;
  readonly as: string | null;
  readonly waitMs: number;
  readonly json: boolean;
}

/** Bad arguments: one message, or one per field (`fields`). The CLI prints them and exits 2. */
export class TestLoginUsageError extends HostError {
  constructor(message: string, fields?: Record<string, string>) {
    super('ERR_OIDC_CLI_USAGE', `oidc test-login: ${message}`, {
      status: 400,
      i18nKey: 'OidcClient.messages.cliUsage',
      fields,
    });
    this.name = 'TestLoginUsageError';
  }
}

/** Reads `--set k=v ... --as NAME --wait S --json`; `maxWaitSec` is the draft lifetime. */
export function parseTestLoginArgs(
  args: readonly string[],
  checker: SettingsChecker | undefined,
  maxWaitSec: number,
): TestLoginArgs {
  let values: { set?: string[]; as?: string; wait?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        set: { type: 'string', multiple: true },
        as: { type: 'string' },
        wait: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TestLoginUsageError((error as Error).message.split('\n')[0]!);
  }
  const waitSec = values.wait === undefined ? maxWaitSec : Number(values.wait);
  if (!/^\d+$/.test(values.wait ?? '1') || !Number.isInteger(waitSec) || waitSec < 1 || waitSec > maxWaitSec) {
    throw new TestLoginUsageError(
      `--wait must be a whole number of seconds from 1 to ${maxWaitSec} (the draft lifetime)`,
    );
  }
  if (values.as !== undefined && values.as.trim() === '') throw new TestLoginUsageError('--as needs a user name');
  return {
    patch: parseSets(values.set ?? [], checker),
    as: values.as ?? null,
    waitMs: waitSec * 1000,
    json: values.json === true,
  };
}

/** `--set key=value` pairs: every bad one is reported (per field), nothing is kept unless all are valid. */
function parseSets(sets: readonly string[], checker: SettingsChecker | undefined): Record<string, ConfigValue> {
  const patch: Record<string, ConfigValue> = {};
  const fields: Record<string, string> = {};
  for (const item of sets) {
    const at = item.indexOf('=');
    const key = at > 0 ? item.slice(0, at).trim() : '';
    if (key === '') {
      fields[item.slice(0, 60) || '(empty)'] = '--set needs key=value';
      continue;
    }
    if (Object.hasOwn(patch, key) || Object.hasOwn(fields, key)) {
      fields[key] = 'given more than once';
      continue;
    }
    const text = item.slice(at + 1);
    try {
      patch[key] = checker ? checker.parse(key, text) : jsonOrText(text);
    } catch (error) {
      if (!HostError.is(error)) throw error;
      fields[key] = error.fields?.[key] ?? error.message;
    }
  }
  const bad = Object.keys(fields);
  if (bad.length > 0) throw new TestLoginUsageError(`invalid --set for ${bad.join(', ')}`, fields);
  return patch;
}

function jsonOrText(text: string): ConfigValue {
  try {
    return JSON.parse(text) as ConfigValue;
  } catch {
    return text;
  }
}
