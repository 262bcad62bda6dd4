import { injectable } from 'inversify';
import type { OidcSettings } from '../../../settings/index.js';
import type { ClientAuthStrategy, TokenRequestDraft } from '../types.js';
import { formUrlEncode, requireClientSecret } from './client-secret.js';

/**
 * `client_secret_basic` (RFC 6749 §2.3.1): `Authorization: Basic base64(urlenc(client_id) ":" urlenc(secret))`.
 * Both parts are form-urlencoded before base64, so a secret with `:`, `%`, `+` or non-ASCII survives.
 * The credentials go in the header only, never also in the body.
 */
@injectable()
export class ClientSecretBasic implements ClientAuthStrategy {
  readonly method = 'client_secret_basic';

  apply(settings: OidcSettings, draft: TokenRequestDraft): void {
    const secret = requireClientSecret(settings);
    const credentials = `${formUrlEncode(settings.clientId)}:${formUrlEncode(secret)}`;
    draft.headers['authorization'] = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  }
}
