import { injectable } from 'inversify';
import type { OidcSettings } from '../../../settings/index.js';
import type { ClientAuthStrategy, TokenRequestDraft } from '../types.js';
import { requireClientSecret } from './client-secret.js';

/** `client_secret_post` (RFC 6749 §2.3.1): `client_id` and `client_secret` in the form body, never also in a header. */
@injectable()
export class ClientSecretPost implements ClientAuthStrategy {
  readonly method = 'client_secret_post';

  apply(settings: OidcSettings, draft: TokenRequestDraft): void {
    const secret = requireClientSecret(settings);
    draft.form.set('client_id', settings.clientId);
    draft.form.set('client_secret', secret);
  }
}
