import { TYPES, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { OIDC_CLIENT_TYPES } from '../oidc/client/tokens.js';
import type { DiscoveryClient } from '../oidc/client/types.js';
import type { OidcSettings } from '../settings/types.js';

/** Where the IdP's end-session endpoint comes from when `oidcLogoutUrl` is not set. Replaceable (`rebind`). */
export interface EndSessionEndpointSource {
  /** The `end_session_endpoint` of `settings.issuer`, or null when the IdP has none or cannot be asked. */
  endSessionEndpoint(settings: OidcSettings): Promise<string | null>;
}

/** The longest a sign-out waits for a discovery fetch (the host session is already gone by then). */
const MAX_WAIT_MS = 3000;

/**
 * `end_session_endpoint` from the issuer's discovery document, through the `oidc-client` domain's
 * `DiscoveryClient.metadataFor` (per-issuer cache shared with the login; the document's `issuer` must equal
 * the configured one and every endpoint passes the transport rules; the last good document is served
 * while the IdP is down). Null when the IdP publishes none or no document is available.
 */
@injectable()
export class DiscoveryEndSessionEndpoint implements EndSessionEndpointSource {
  private readonly logger: Logger;

  constructor(
    @inject(OIDC_CLIENT_TYPES.DiscoveryClient) private readonly discovery: DiscoveryClient,
    @inject(TYPES.Logger) logger: Logger,
  ) {
    this.logger = logger.child('oidc.logout');
  }

  async endSessionEndpoint(settings: OidcSettings): Promise<string | null> {
    const metadata = await this.discovery.metadataFor(settings.issuer, {
      allowHttp: settings.allowHttp,
      maxWaitMs: MAX_WAIT_MS,
    });
    if (metadata === null) {
      this.logger.warn('No discovery document for the end-session endpoint; no IdP logout');
      return null;
    }
    return metadata.endSessionEndpoint;
  }
}
