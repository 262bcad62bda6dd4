import type { HttpReply, HttpRequest } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { buildAuthorizationUrl } from './authorization-request.js';
import { bindBrowser } from './browser-binding.js';
import type { LoginMode } from './entities/LoginTransaction.js';
import { OidcError } from './errors.js';
import type { FailureReply } from './failure-reply.js';
import type { OidcFlowOptions } from './flow-options.js';
import type { IssuerParameterPolicy } from './iss-parameter.js';
import { pkceChallenge } from './random.js';
import { safeReturnTo } from './return-to.js';
import type { OidcSettingsSource } from './settings-source.js';
import type { LoginStartLimiter } from './start-limiter.js';
import type { LoginTransactionStore } from './transaction-store.js';
import { OIDC_TYPES } from './tokens.js';

export const LOGIN_PATH = '/oidc/login';

export interface StartOptions {
  /** `login` (default) or `test` (the admin's dry run: finished by the bound `TestLoginCompleter`). */
  mode?: LoginMode;
  /** Where to go after the login (relative path; anything else falls back to `/`). */
  returnTo?: unknown;
  /** Authentication provider (portal) id; null for the CRM's own settings. */
  providerId?: string | null;
  /** The portal the login runs in (its redirect URI); with `providerId`. */
  portalUrlId?: string | null;
  /** Where the "Try again" link of a failure goes (default: the CRM's login start). */
  retryUrl?: string;
  /** Whether the OIDC method must be the CRM's active one (default: for `login` mode without provider). */
  requireActive?: boolean;
}

/** The URL that starts a login again (the "Try again" link). */
export function retryUrlFor(returnTo: string | null | undefined): string {
  return !returnTo || returnTo === '/' ? LOGIN_PATH : `${LOGIN_PATH}?${new URLSearchParams({ returnTo }).toString()}`;
}

/**
 * `GET /oidc/login`: reads the settings, stores a new transaction (state, nonce, PKCE verifier, browser
 * binding, expected issuer, returnTo), sets the binding cookie and redirects to the authorization endpoint.
 * A configuration problem answers the error page (503 with its code), never a 500.
 */
@injectable()
export class LoginStarter {
  constructor(
    @inject(OIDC_TYPES.SettingsSource) private readonly settingsSource: OidcSettingsSource,
    @inject(OIDC_TYPES.LoginTransactionStore) private readonly store: LoginTransactionStore,
    @inject(OIDC_TYPES.IssuerParameterPolicy) private readonly issPolicy: IssuerParameterPolicy,
    @inject(OIDC_TYPES.FlowOptions) private readonly options: OidcFlowOptions,
    @inject(OIDC_TYPES.FailureReply) private readonly failures: FailureReply,
    @inject(OIDC_TYPES.StartLimiter) private readonly limiter: LoginStartLimiter,
  ) {}

  async start(request: HttpRequest, reply: HttpReply, options: StartOptions = {}): Promise<void> {
    const mode = options.mode ?? 'login';
    const returnTo = safeReturnTo(options.returnTo) ?? '/';
    try {
      const requireActive = options.requireActive ?? (mode === 'login' && !options.providerId);
      if (requireActive && !this.settingsSource.isActive()) throw new OidcError('ERR_OIDC_NOT_ENABLED');
      if (!this.limiter.allow(request.ip)) throw new OidcError('ERR_OIDC_TOO_MANY_STARTS');
      const settings = await this.settingsSource.read(options.providerId ?? null, {
        portalUrlId: options.portalUrlId ?? null,
      });
      const { browserHash, fresh } = bindBrowser(
        request,
        reply,
        this.options.browserCookieName,
        this.options.transactionLifetimeMs,
      );
      const tx = await this.store.create({
        browserHash,
        freshBinding: fresh,
        providerId: options.providerId ?? null,
        expectedIssuer: settings.issuer,
        redirectUri: settings.redirectUri,
        returnTo,
        mode,
        maxAge: settings.authorizationMaxAge,
        pkce: settings.authorizationPkce,
      });
      // Warm the discovery cache for the RFC 9207 check at the callback (never fails the start).
      void this.issPolicy.prefetch(settings);
      const location = buildAuthorizationUrl({
        settings,
        state: tx.state,
        nonce: tx.nonce,
        codeChallenge: settings.authorizationPkce ? pkceChallenge(tx.codeVerifier) : null,
      });
      reply.header('Cache-Control', 'no-store').redirect(location, 302);
    } catch (error) {
      await this.failures.send(request, reply, error, {
        step: 'start',
        retryUrl: options.retryUrl ?? retryUrlFor(returnTo),
        passwordUrl: options.providerId ? null : '/',
      });
    }
  }
}
