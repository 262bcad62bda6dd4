import {
  PORTAL_SESSION_COOKIE,
  portalPath,
  TYPES,
  type AuthLog,
  type AuthTokenManager,
  type HttpReply,
  type HttpRequest,
  type Logger,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import { getClaim } from '../provisioning/claims.js';
import type { ProvisioningService } from '../provisioning/provisioning-service.js';
import { PROVISIONING_TYPES } from '../provisioning/tokens.js';
import { REDIRECT_PATH, redirectUriBase, type RedirectPath } from '../settings/redirect-path.js';
import type { OidcSettings } from '../settings/types.js';
import { readCallbackParams, type CallbackParams } from './callback-params.js';
import { OidcError } from './errors.js';
import type { FailureReply } from './failure-reply.js';
import type { OidcFlowOptions } from './flow-options.js';
import { IdentityStepError, type IdentityResolver, type ResolvedIdentity } from './identity-resolver.js';
import type { IssuerParameterPolicy } from './iss-parameter.js';
import { retryUrlFor } from './login-starter.js';
import { OIDC_METHOD_NAME, type OidcSettingsSource } from './settings-source.js';
import { belongsTo, type CallbackScope } from './callback-scope.js';
import type { TestLoginCompleter } from './test-login.js';
import { OIDC_TYPES } from './tokens.js';
import type { LoginTransactionStore, PendingTransaction } from './transaction-store.js';

const MAX_CODE_LENGTH = 4096;
const MAX_STATE_LENGTH = 512;

/** Mutable per-request context for the failure page and the AuthLog. */
interface Attempt {
  step: string;
  tx: PendingTransaction | null;
  settings: OidcSettings | null;
  userName: string | null;
  userId: string | null;
}

/**
 * `GET /oauth-callback` and `GET /oauth-callback.php` (the same handler). In order, each failure ending the
 * attempt with an AuthLog record and a page: parameters, state (consumes the transaction:
 * single use across processes), browser binding, settings and the redirect URI, RFC 9207 `iss`, the IdP's `error`, then the code exchange, the ID token, userinfo
 * (only after the ID token is valid), provisioning with the login policy, and a new host session.
 */
@injectable()
export class CallbackHandler {
  constructor(
    @inject(OIDC_TYPES.SettingsSource) private readonly settingsSource: OidcSettingsSource,
    @inject(OIDC_TYPES.LoginTransactionStore) private readonly store: LoginTransactionStore,
    @inject(OIDC_TYPES.IssuerParameterPolicy) private readonly issPolicy: IssuerParameterPolicy,
    @inject(OIDC_TYPES.IdentityResolver) private readonly identities: IdentityResolver,
    @inject(OIDC_TYPES.FailureReply) private readonly failures: FailureReply,
    @inject(OIDC_TYPES.FlowOptions) private readonly options: OidcFlowOptions,
    @inject(PROVISIONING_TYPES.ProvisioningService) private readonly provisioning: ProvisioningService,
    @inject(TYPES.AuthTokenManager) private readonly sessions: AuthTokenManager,
    @inject(TYPES.AuthLog) private readonly authLog: AuthLog,
    @inject(TYPES.Logger) private readonly logger: Logger,
    @inject(OIDC_TYPES.TestLoginCompleter) @optional() private readonly testLogin: TestLoginCompleter | undefined,
  ) {}

  /**
   * `callbackPath`: which of the served callback paths the request arrived at (`/oauth-callback` or
   * `/oauth-callback.php`, below the site URL or the portal's `/portal/<urlId>`).
   */
  async handle(
    request: HttpRequest,
    reply: HttpReply,
    scope: CallbackScope | null = null,
    callbackPath: RedirectPath = REDIRECT_PATH,
  ): Promise<void> {
    const attempt: Attempt = { step: 'callback', tx: null, settings: null, userName: null, userId: null };
    try {
      await this.run(request, reply, attempt, scope, callbackPath);
    } catch (failure) {
      const error = failure instanceof IdentityStepError ? failure.failure : failure;
      if (failure instanceof IdentityStepError) attempt.step = failure.step;
      if (attempt.tx?.mode === 'test' && this.testLogin?.fail) {
        // The admin's popup shows the test-login report (with the reason), never the end-user error page.
        const answered = await this.testLogin.fail({
          request,
          reply,
          transaction: attempt.tx,
          error,
          step: attempt.step,
        });
        if (answered === true) return;
      }
      await this.failures.send(request, reply, error, {
        step: attempt.step,
        userName: attempt.userName,
        userId: attempt.userId,
        retryUrl: scope ? scope.retryUrl : retryUrlFor(attempt.tx?.returnTo),
        passwordUrl: !scope && attempt.settings?.fallback ? '/' : null,
      });
    }
  }

  private async run(
    request: HttpRequest,
    reply: HttpReply,
    attempt: Attempt,
    scope: CallbackScope | null,
    callbackPath: RedirectPath,
  ): Promise<void> {
    attempt.step = 'parameters';
    const params = readCallbackParams(request.query);
    const tx = await this.consume(params, attempt);
    attempt.step = 'provider';
    if (!belongsTo(tx, scope)) throw new OidcError('ERR_OIDC_CALLBACK_WRONG_PROVIDER');
    attempt.step = 'browser';
    if (!this.store.boundTo(tx, request.cookies[this.options.browserCookieName])) {
      throw new OidcError('ERR_OIDC_BROWSER_MISMATCH');
    }
    attempt.step = 'settings';
    const settings = await this.settingsSource.read(tx.providerId, { portalUrlId: scope?.portalUrlId ?? null });
    attempt.settings = settings;
    // The transaction's redirect URI is what the IdP got (and what the token request sends again). It may
    // be either served path of THIS configuration (the admin may switch the path during a sign-in), but
    // the answer must arrive at exactly that URI.
    const base = redirectUriBase(settings.redirectUri);
    if (settings.issuer !== tx.expectedIssuer || base === null || redirectUriBase(tx.redirectUri) !== base) {
      throw new OidcError('ERR_OIDC_PROVIDER_CHANGED');
    }
    if (tx.redirectUri !== `${base}${callbackPath}`) throw new OidcError('ERR_OIDC_REDIRECT_URI_MISMATCH');
    attempt.step = 'iss';
    if (params.iss !== undefined) {
      if (params.iss !== tx.expectedIssuer) throw new OidcError('ERR_OIDC_ISS_MISMATCH');
    } else if (await this.issPolicy.required(settings)) {
      throw new OidcError('ERR_OIDC_ISS_MISSING');
    }
    attempt.step = 'idp';
    if (params.error !== undefined) {
      throw new OidcError('ERR_OIDC_IDP_ERROR', {
        idpError: params.error,
        ...(params.errorDescription === undefined ? {} : { idpErrorDescription: params.errorDescription }),
      });
    }
    if (!params.code || params.code.length > MAX_CODE_LENGTH) throw new OidcError('ERR_OIDC_CODE_MISSING');

    attempt.step = 'token';
    const identity = await this.identities.resolve(settings, tx, params.code);
    const attempted = getClaim(identity.claims, settings.usernameClaim);
    attempt.userName = typeof attempted === 'string' && attempted.length <= 255 ? attempted : null;

    if (tx.mode === 'test') {
      attempt.step = 'test';
      if (!this.testLogin) throw new OidcError('ERR_OIDC_TEST_LOGIN_UNAVAILABLE');
      await this.testLogin.complete({ request, reply, transaction: tx, settings, identity });
      return;
    }
    await this.signIn(request, reply, attempt, settings, tx, identity, scope);
  }

  private async consume(params: CallbackParams, attempt: Attempt): Promise<PendingTransaction> {
    attempt.step = 'state';
    if (!params.state) throw new OidcError('ERR_OIDC_STATE_MISSING');
    if (params.state.length > MAX_STATE_LENGTH) throw new OidcError('ERR_OIDC_STATE_UNKNOWN');
    const result = await this.store.consume(params.state);
    if (result.kind === 'unknown') throw new OidcError('ERR_OIDC_STATE_UNKNOWN');
    if (result.kind === 'replayed') throw new OidcError('ERR_OIDC_STATE_REPLAYED');
    if (result.kind === 'expired') throw new OidcError('ERR_OIDC_STATE_EXPIRED');
    attempt.tx = result.transaction;
    return result.transaction;
  }

  private async signIn(
    request: HttpRequest,
    reply: HttpReply,
    attempt: Attempt,
    settings: OidcSettings,
    tx: PendingTransaction,
    identity: ResolvedIdentity,
    scope: CallbackScope | null,
  ): Promise<void> {
    attempt.step = 'provisioning';
    const outcome = await this.provisioning.provision({
      claims: identity.claims,
      issuer: identity.issuer,
      providerId: tx.providerId,
      portalId: scope?.portalId ?? null,
      settings,
    });
    attempt.userName = outcome.userName;
    attempt.userId = outcome.userId;
    attempt.step = 'session';
    const cookieName = scope ? PORTAL_SESSION_COOKIE : this.sessions.cookieName;
    const previous = request.cookies[cookieName];
    if (previous) await this.sessions.destroy(previous);
    const { token } = await this.sessions.create({
      portalId: scope?.portalId ?? null,
      userId: outcome.userId as string,
      method: OIDC_METHOD_NAME,
      ipAddress: request.ip,
      idp: {
        issuer: identity.issuer,
        sub: identity.sub,
        sid: identity.sid,
        idToken: identity.tokens.idToken,
        providerId: tx.providerId,
      },
    });
    const created = outcome.teamsCreated ?? [];
    await this.authLog.record({
      method: OIDC_METHOD_NAME,
      result: 'success',
      userName: outcome.userName,
      user: outcome.userId,
      ipAddress: request.ip,
      // Teams made from the IdP's groups (oidcCreateMissingTeams) are named in the audit log.
      detail: created.length > 0 ? `teams created: ${created.join(', ')}` : null,
    });
    this.logger.info('OIDC sign-in', {
      userId: outcome.userId,
      action: outcome.action,
      issuer: identity.issuer,
      ...(scope ? { portalId: scope.portalId } : {}),
    });
    if (scope) reply.setCookie(PORTAL_SESSION_COOKIE, token, { path: portalPath(scope.portalUrlId) });
    else reply.setCookie(this.sessions.cookieName, token);
    reply.header('Cache-Control', 'no-store').redirect(tx.returnTo, 302);
  }
}
