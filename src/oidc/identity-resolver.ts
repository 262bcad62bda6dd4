import { inject, injectable } from 'inversify';
import type { VerifiedJwt } from '../jwt/verifier.js';
import type { OidcSettings } from '../settings/types.js';
import { OIDC_CLIENT_TYPES } from './client/tokens.js';
import type { TokenClient, TokenSet, UserInfoClient } from './client/types.js';
import type { ClaimsDebugLog } from './claims-debug-log.js';
import { mergeClaims } from './claims-merge.js';
import { OidcError } from './errors.js';
import type { IdTokenValidator } from './id-token-validator.js';
import { OIDC_TYPES } from './tokens.js';
import type { PendingTransaction } from './transaction-store.js';

/** The verified identity of a finished authorization: tokens, the ID token, userinfo, merged claims. */
export interface ResolvedIdentity {
  readonly tokens: TokenSet;
  readonly idToken: VerifiedJwt;
  readonly userInfo: Readonly<Record<string, unknown>> | null;
  /** ID token claims over userinfo claims (an ID token value wins unless null or absent). */
  readonly claims: Readonly<Record<string, unknown>>;
  readonly issuer: string;
  readonly sub: string;
  readonly sid: string | null;
}

/** Which step failed (for the log and the error mapping). */
export class IdentityStepError extends Error {
  constructor(
    readonly step: 'token' | 'id_token' | 'userinfo',
    readonly failure: unknown,
  ) {
    super(`OIDC ${step} step failed`);
    this.name = 'IdentityStepError';
  }
}

/**
 * Redeems the code, verifies the ID token (issuer, audience/azp, algorithms, nonce, auth_time vs max_age,
 * at_hash against the access token) and ONLY THEN calls userinfo (when configured) with the ID token's
 * `sub` as the expected subject. At log level debug, the verified claims are logged (masked per
 * `oidcLogMaskedClaims`, never a token).
 */
@injectable()
export class IdentityResolver {
  constructor(
    @inject(OIDC_TYPES.IdTokenValidator) private readonly validator: IdTokenValidator,
    @inject(OIDC_CLIENT_TYPES.TokenClient) private readonly tokenClient: TokenClient,
    @inject(OIDC_CLIENT_TYPES.UserInfoClient) private readonly userInfoClient: UserInfoClient,
    @inject(OIDC_TYPES.ClaimsDebugLog) private readonly claimsLog: ClaimsDebugLog,
  ) {}

  async resolve(settings: OidcSettings, tx: PendingTransaction, code: string): Promise<ResolvedIdentity> {
    let tokens: TokenSet;
    try {
      tokens = await this.tokenClient.exchangeCode({
        settings,
        code,
        codeVerifier: tx.pkce ? tx.codeVerifier : '',
        redirectUri: tx.redirectUri,
      });
    } catch (error) {
      throw new IdentityStepError('token', error);
    }
    let idToken: VerifiedJwt;
    try {
      idToken = await this.validator.validate(tokens.idToken, settings, {
        nonce: tx.nonce,
        maxAge: tx.maxAge,
        accessToken: tokens.accessToken,
      });
    } catch (error) {
      throw new IdentityStepError('id_token', error);
    }
    const logContext = { test: tx.mode === 'test' };
    this.claimsLog.idToken(idToken, logContext);
    const sub = idToken.payload['sub'];
    const iss = idToken.payload['iss'];
    const sid = idToken.payload['sid'];
    if (typeof sub !== 'string' || typeof iss !== 'string') {
      throw new IdentityStepError('id_token', new OidcError('ERR_OIDC_LOGIN_FAILED'));
    }
    let userInfo: Record<string, unknown> | null = null;
    if (settings.userInfoEndpoint && tokens.accessToken) {
      try {
        userInfo = await this.userInfoClient.fetch({ settings, accessToken: tokens.accessToken, expectedSub: sub });
      } catch (error) {
        throw new IdentityStepError('userinfo', error);
      }
      this.claimsLog.userInfo(userInfo, logContext);
      if (userInfo['sub'] !== sub) {
        throw new IdentityStepError('userinfo', new OidcError('ERR_OIDC_USERINFO_SUB_MISMATCH'));
      }
    }
    return {
      tokens,
      idToken,
      userInfo,
      claims: mergeClaims(idToken.payload, userInfo),
      issuer: iss,
      sub,
      sid: typeof sid === 'string' && sid !== '' && sid.length <= 255 ? sid : null,
    };
  }
}
