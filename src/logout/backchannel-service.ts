import { TYPES, type AuthLog, type AuthTokenManager, type Clock, type Logger, type Persistence } from 'crm-host/sdk';
import { inject, injectable, multiInject, optional } from 'inversify';
import { TOKEN_KINDS } from '../jwt/token-kinds.js';
import { IdentityLink } from '../provisioning/entities/IdentityLink.js';
import { OidcSettingsError } from '../settings/errors.js';
import { LogoutError } from './errors.js';
import type { LogoutJtiStore } from './jti-store.js';
import { LOGOUT_TOKEN_TYP, logoutRequestOf, type LogoutRequest } from './logout-token.js';
import type { OidcTokenVerifiers } from './oidc-verifiers.js';
import { LOGOUT_TYPES } from './tokens.js';

export const BACKCHANNEL_METHOD = 'Oidc';

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
}

/**
 * OpenID Back-Channel Logout 1.0 on the RP side: verify the logout token (same verifier settings as ID
 * tokens, kind `logout_token`, `typ` only `logout+jwt` when present), apply the logout-token rules, use its
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
  ) {
    this.logger = logger.child('oidc.logout');
  }

  /** Validates `token` and acts on it; throws a `HostError` (400 for every token problem). */
  async handle(token: string, ipAddress: string | null): Promise<BackchannelOutcome> {
    const request = await this.verify(token);
    const expiresAt = this.keepUntil(request);
    if (!(await this.jtis.claim(request.issuer, request.jti, expiresAt))) {
      this.logger.info('Replayed logout token ignored', { sid: request.sid !== null, sub: request.sub !== null });
      return { acted: false, ended: 0, request };
    }
    const filter =
      request.sid !== null
        ? { issuer: request.issuer, sid: request.sid, ...(request.sub !== null ? { sub: request.sub } : {}) }
        : { issuer: request.issuer, sub: request.sub as string };
    const ended = await this.tokens.destroyWhere(filter);
    for (const listener of this.listeners ?? []) {
      try {
        await listener.loggedOut(request);
      } catch (error) {
        this.logger.warn('A back-channel logout listener failed', { error: (error as Error).message });
      }
    }
    await this.authLog.record({
      method: BACKCHANNEL_METHOD,
      result: 'success',
      reasonCode: request.sid !== null ? 'LOGOUT_BACKCHANNEL_SID' : 'LOGOUT_BACKCHANNEL_SUB',
      user: await this.userIdOf(request),
      ipAddress,
    });
    this.logger.info('Back-channel logout', { ended, bySid: request.sid !== null });
    return { acted: true, ended, request };
  }

  private async verify(token: string): Promise<LogoutRequest> {
    let verified;
    try {
      const { verifier } = this.verifiers.verifierFor('logout_token', { typ: LOGOUT_TOKEN_TYP });
      verified = verifier.verifySync(token) ?? (await verifier.verify(token));
    } catch (error) {
      if (error instanceof OidcSettingsError) throw new LogoutError('ERR_LOGOUT_NOT_CONFIGURED', { cause: error });
      throw error;
    }
    return logoutRequestOf(verified.payload);
  }

  /**
   * Until the token fails the time checks anyway: it is accepted only while `exp` (when present) and `iat`
   * + max age are both within the clock tolerance, so the earlier of the two, plus the tolerance.
   */
  private keepUntil(request: LogoutRequest): Date {
    const settings = this.verifiers.settings();
    const toleranceSec = Math.ceil(settings.clockToleranceMs / 1000);
    const byAge = request.iat + TOKEN_KINDS.logout_token.maxTokenAgeSec;
    const until = request.exp === null ? byAge : Math.min(request.exp, byAge);
    return new Date((until + toleranceSec) * 1000);
  }

  private async userIdOf(request: LogoutRequest): Promise<string | null> {
    if (request.sub === null) return null;
    const link = await this.persistence
      .em()
      .findOne(IdentityLink, { issuer: request.issuer, sub: request.sub, providerKey: '' }, { fields: ['user'] });
    return link ? (link.user as unknown as { id: string }).id : null;
  }
}
