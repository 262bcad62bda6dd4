import { TYPES, type AuthLog, type AuthTokenManager, type Clock, type Logger, type Persistence } from 'crm-host/sdk';
import { inject, injectable, multiInject, optional } from 'inversify';
import { TOKEN_KINDS } from '../jwt/token-kinds.js';
import { IdentityLink } from '../provisioning/entities/IdentityLink.js';
import { OidcSettingsError } from '../settings/errors.js';
import { OIDC_METHOD } from '../settings/settings-validator.js';
import type { OidcSettings } from '../settings/types.js';
import { matchingConfigurations, type LogoutConfiguration, type ProviderConfigurations } from './configurations.js';
import { LogoutError } from './errors.js';
import type { LogoutJtiStore } from './jti-store.js';
import { LOGOUT_TOKEN_TYP, logoutRequestOf, type LogoutRequest } from './logout-token.js';
import type { OidcTokenVerifiers } from './oidc-verifiers.js';
import { LOGOUT_TYPES } from './tokens.js';

/** Told after sessions of an IdP identity were ended by the back channel (e.g. to drop caches). */
export interface BackchannelLogoutListener {
  loggedOut(request: LogoutRequest): void | Promise<void>;
}

export interface BackchannelOutcome {
  /** False for a replayed token (answered 200, nothing done). */
  readonly acted: boolean;
  /** Host sessions ended. */
  readonly ended: number;
  readonly request: LogoutRequest;
  /** The configuration the token was verified against (null: the CRM's). */
  readonly providerId: string | null;
}

/** Which configurations a token may be checked against: any (the shared route) or one provider's (its route). */
export type BackchannelScope = { readonly providerId: string } | null;

/**
 * OpenID Back-Channel Logout 1.0 on the RP side: verify the logout token (same verifier settings as ID
 * tokens, kind `logout_token`, `typ` absent, `logout+jwt` or `JWT`), apply the logout-token rules, use its
 * `jti` once across processes, then end the sessions: `(iss, sid)` when a sid is given, else every session
 * of `(iss, sub)`. No call to the IdP while its keys are cached.
 */
@injectable()
export class BackchannelLogoutService {
  private readonly logger: Logger;

  constructor(
    @inject(LOGOUT_TYPES.OidcTokenVerifiers) private readonly verifiers: OidcTokenVerifiers,
    @inject(LOGOUT_TYPES.LogoutJtiStore) private readonly jtis: LogoutJtiStore,
    @inject(TYPES.AuthTokenManager) private readonly tokens: AuthTokenManager,
    @inject(TYPES.AuthLog) private readonly authLog: AuthLog,
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.Logger) logger: Logger,
    @multiInject(LOGOUT_TYPES.BackchannelLogoutListener)
    @optional()
    private readonly listeners: BackchannelLogoutListener[] = [],
    @inject(LOGOUT_TYPES.ProviderConfigurations)
    @optional()
    private readonly providers: ProviderConfigurations | undefined = undefined,
  ) {
    this.logger = logger.child('oidc.logout');
  }

  /** Validates `token` and acts on it; throws a `HostError` (400 for every token problem). */
  async handle(token: string, ipAddress: string | null, scope: BackchannelScope = null): Promise<BackchannelOutcome> {
    const configuration = await this.configurationFor(token, scope);
    const request = await this.verify(token, configuration);
    const providerId = configuration.providerId;
    const expiresAt = this.keepUntil(request, configuration.settings);
    if (!(await this.jtis.claim(request.issuer, request.jti, expiresAt))) {
      this.logger.info('Replayed logout token ignored', { sid: request.sid !== null, sub: request.sub !== null });
      return { acted: false, ended: 0, request, providerId };
    }
    // Only the sessions of the configuration that verified the token: a portal provider's token never ends
    // CRM sessions (and vice versa), even with the same issuer and subject.
    const filter =
      request.sid !== null
        ? {
            issuer: request.issuer,
            sid: request.sid,
            providerId,
            ...(request.sub !== null ? { sub: request.sub } : {}),
          }
        : { issuer: request.issuer, sub: request.sub as string, providerId };
    const ended = await this.tokens.destroyWhere(filter);
    for (const listener of this.listeners ?? []) {
      try {
        await listener.loggedOut(request);
      } catch (error) {
        this.logger.warn('A back-channel logout listener failed', { error: (error as Error).message });
      }
    }
    await this.authLog.record({
      method: OIDC_METHOD,
      result: 'success',
      reasonCode: request.sid !== null ? 'LOGOUT_BACKCHANNEL_SID' : 'LOGOUT_BACKCHANNEL_SUB',
      user: await this.userIdOf(request, providerId),
      ipAddress,
    });
    this.logger.info('Back-channel logout', {
      ended,
      bySid: request.sid !== null,
      ...(providerId ? { providerId } : {}),
    });
    return { acted: true, ended, request, providerId };
  }

  /**
   * The configuration to verify against. A provider's route: that provider only. The shared route: the
   * CRM's alone when no provider is configured (unchanged behaviour); otherwise the one configuration
   * whose issuer is the token's `iss` and whose client id is in its `aud` (read unverified, only to pick;
   * the token is then verified fully against it). None or several: refused with a code.
   */
  private async configurationFor(token: string, scope: BackchannelScope): Promise<LogoutConfiguration> {
    try {
      if (scope) {
        const one = this.providers ? await this.providers.one(scope.providerId) : null;
        if (!one) throw new LogoutError('ERR_LOGOUT_PROVIDER_UNKNOWN');
        return one;
      }
      const candidates: LogoutConfiguration[] = [];
      let crmProblem: OidcSettingsError | null = null;
      try {
        candidates.push({ providerId: null, settings: this.verifiers.settings() });
      } catch (error) {
        if (!(error instanceof OidcSettingsError)) throw error;
        crmProblem = error;
      }
      if (this.providers) candidates.push(...(await this.providers.all()));
      if (candidates.length === 0) throw new LogoutError('ERR_LOGOUT_NOT_CONFIGURED', { cause: crmProblem });
      if (candidates.length === 1 && candidates[0]!.providerId === null) return candidates[0]!;
      const matching = matchingConfigurations(token, candidates);
      if (matching.length > 1) throw new LogoutError('ERR_LOGOUT_CONFIGURATION_AMBIGUOUS');
      if (matching.length === 0) throw new LogoutError('ERR_LOGOUT_NO_MATCHING_CONFIGURATION');
      return matching[0]!;
    } catch (error) {
      if (error instanceof OidcSettingsError) throw new LogoutError('ERR_LOGOUT_NOT_CONFIGURED', { cause: error });
      throw error;
    }
  }

  private async verify(token: string, configuration: LogoutConfiguration): Promise<LogoutRequest> {
    const { verifier } =
      configuration.providerId === null
        ? this.verifiers.verifierFor('logout_token', { typ: LOGOUT_TOKEN_TYP })
        : this.verifiers.verifierForSettings(configuration.settings, 'logout_token', { typ: LOGOUT_TOKEN_TYP });
    const verified = verifier.verifySync(token) ?? (await verifier.verify(token));
    return logoutRequestOf(verified.payload);
  }

  /**
   * Until the token fails the time checks anyway: it is accepted only while `exp` (when present) and `iat`
   * + max age are both within the clock tolerance, so the earlier of the two, plus the tolerance.
   */
  private keepUntil(request: LogoutRequest, settings: OidcSettings): Date {
    const toleranceSec = Math.ceil(settings.clockToleranceMs / 1000);
    const byAge = request.iat + TOKEN_KINDS.logout_token.maxTokenAgeSec;
    const until = request.exp === null ? byAge : Math.min(request.exp, byAge);
    return new Date((until + toleranceSec) * 1000);
  }

  private async userIdOf(request: LogoutRequest, providerId: string | null): Promise<string | null> {
    if (request.sub === null) return null;
    const providerKey = IdentityLink.providerKeyOf(providerId);
    const link = await this.persistence
      .em()
      .findOne(IdentityLink, { issuer: request.issuer, sub: request.sub, providerKey }, { fields: ['user'] });
    return link ? (link.user as unknown as { id: string }).id : null;
  }
}
