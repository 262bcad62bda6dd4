import { TYPES, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { OIDC_CLIENT_TYPES } from './client/tokens.js';
import type { DiscoveryClient } from './client/types.js';
import type { OidcSettings } from '../settings/types.js';

/**
 * Whether the RFC 9207 `iss` authorization-response parameter is required: when the issuer's discovery
 * document announces `authorization_response_iss_parameter_supported: true`. A present `iss` is always
 * compared with the expected issuer, whatever this says.
 */
export interface IssuerParameterPolicy {
  required(settings: OidcSettings): Promise<boolean>;
  /** Warms the discovery cache ahead of the callback; never throws. */
  prefetch(settings: OidcSettings): Promise<void>;
}

/** How long the callback waits for a discovery fetch that is not cached yet. */
const MAX_WAIT_MS = 3000;

/**
 * Reads the announcement from the oidc-client domain's cached discovery (`DiscoveryClient.metadataFor`,
 * which never throws and answers the last good document while the IdP is down). An issuer whose
 * discovery document was never readable (configured by hand) counts as not announcing it.
 */
@injectable()
export class DiscoveryIssuerParameterPolicy implements IssuerParameterPolicy {
  constructor(
    @inject(OIDC_CLIENT_TYPES.DiscoveryClient) private readonly discovery: DiscoveryClient,
    @inject(TYPES.Logger) private readonly logger: Logger,
  ) {}

  async prefetch(settings: OidcSettings): Promise<void> {
    await this.required(settings).catch(() => undefined);
  }

  async required(settings: OidcSettings): Promise<boolean> {
    const metadata = await this.discovery.metadataFor(settings.issuer, {
      allowHttp: settings.allowHttp,
      maxWaitMs: MAX_WAIT_MS,
    });
    if (metadata === null) {
      this.logger.debug('No discovery document for the issuer; the iss callback parameter is not required', {
        issuer: settings.issuer,
      });
      return false;
    }
    return metadata.authorizationResponseIssParameterSupported === true;
  }
}
