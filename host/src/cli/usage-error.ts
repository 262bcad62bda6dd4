import { HostError } from '../../sdk/errors.js';

/** Bad command-line input: the CLI prints one line and exits with code 2, having changed nothing. */
export function usageError(message: string, fields?: Record<string, string>): HostError {
  return new HostError('ERR_CLI_USAGE', message, { status: 400, i18nKey: 'Cli.messages.usage', fields });
}

export function isUsageError(error: unknown): boolean {
  return (
    HostError.is(error) &&
    (error.code === 'ERR_CLI_USAGE' || error.code === 'ERR_SETTINGS_INVALID' || error.code === 'ERR_CONFIG_KEY_UNKNOWN')
  );
}
