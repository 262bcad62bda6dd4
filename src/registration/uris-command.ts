import type { CliCommand, CliIo } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { parseArgs } from 'node:util';
import { RegistrationError } from './errors.js';
import type { RegistrationUriService } from './registration-service.js';
import type { RegistrationUri } from './registration-uris.js';
import { REGISTRATION_TYPES } from './tokens.js';

const USAGE = [
  'crm-host oidc uris [--json]',
  '',
  'Prints every address to register at the identity provider for this CRM (from the site URL): the',
  'redirect URI in both forms (/oauth-callback and the EspoCRM-compatible /oauth-callback.php; the primary',
  'one is marked), the post-logout redirect URI, the back-channel logout URI and the login start URL; then',
  'the same for each portal linked to an authentication provider. --json prints the list as JSON.',
].join('\n');

function lines(uris: readonly RegistrationUri[]): string[] {
  const width = Math.max(...uris.map((u) => u.label.length));
  return uris.map((u) => {
    const notes = [u.registrationField, u.required ? '' : 'optional', u.primary ? '' : 'alternative'].filter(Boolean);
    return `  ${u.label.padEnd(width)}  ${u.uri}  (${notes.join(', ')})`;
  });
}

/** `crm-host oidc uris`: the register-at-your-identity-provider list on the command line. */
@injectable()
export class UrisCommand implements CliCommand {
  readonly group = 'oidc';
  readonly name = 'uris';
  readonly summary = 'Print the addresses to register at the identity provider (redirect, logout, back-channel)';
  readonly usage = USAGE;

  constructor(@inject(REGISTRATION_TYPES.RegistrationUriService) private readonly service: RegistrationUriService) {}

  async run(args: string[], io: CliIo): Promise<number> {
    let json: boolean;
    try {
      json = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true }).values.json === true;
    } catch (error) {
      throw new RegistrationError('ERR_OIDC_URIS_USAGE', `oidc uris: ${(error as Error).message.split('\n')[0]}`);
    }
    const list = await this.service.list();
    if (json) {
      io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    io.out(`Register at your identity provider (site URL ${list.siteUrl}):`);
    for (const line of lines(list.crm)) io.out(line);
    for (const portal of list.portals) {
      io.out('');
      io.out(`Portal "${portal.name}" (/portal/${portal.urlId}/, provider ${portal.providerId}):`);
      for (const line of lines(portal.uris)) io.out(line);
    }
    return 0;
  }
}
