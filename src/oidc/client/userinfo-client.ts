import { inject, injectable } from 'inversify';
import { NET_TYPES, type HttpClient } from '../../net/index.js';
import type { OidcSettings } from '../../settings/index.js';
import { callEndpoint, mediaType, parseJsonObject, USERINFO_TRANSPORT_ERRORS, where } from './endpoint-call.js';
import { OidcClientError } from './errors.js';
import { OIDC_CLIENT_TYPES } from './tokens.js';
import type { OidcClientOptions, UserInfoClient } from './types.js';
import { type SignedUserInfoVerifier } from './userinfo-jwt.js';

/** DI identifier of the signed-userinfo verifier (internal to the client domain). */
export const SIGNED_USERINFO_VERIFIER = Symbol.for('oidc-auth.oidc.client.SignedUserInfoVerifier');

/** Media types read as JSON (absent is tolerated: several IdPs omit it). */
const JSON_TYPES: ReadonlySet<string> = new Set(['application/json', '']);

/**
 * Reads the userinfo endpoint (OIDC Core §5.3) with the access token in the `Authorization: Bearer`
 * header: JSON object only, 1 MiB cap, no redirects, and its `sub` must equal the ID token's (§5.3.2).
 * A signed answer (`application/jwt`) is verified like an ID token ({@link SignedUserInfoVerifier}).
 */
@injectable()
export class HttpUserInfoClient implements UserInfoClient {
  constructor(
    @inject(NET_TYPES.HttpClient) private readonly http: HttpClient,
    @inject(OIDC_CLIENT_TYPES.Options) private readonly options: OidcClientOptions,
    @inject(SIGNED_USERINFO_VERIFIER) private readonly signed: SignedUserInfoVerifier,
  ) {}

  async fetch(input: {
    settings: OidcSettings;
    accessToken: string;
    expectedSub: string;
  }): Promise<Record<string, unknown>> {
    const url = input.settings.userInfoEndpoint;
    if (url === null) throw new OidcClientError('ERR_OIDC_USERINFO_NOT_CONFIGURED');
    const endpoint = where(url);
    const result = await callEndpoint(
      this.http,
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${input.accessToken}` },
        timeoutMs: this.options.userInfoTimeoutMs,
        maxBytes: this.options.maxResponseBytes,
      },
      USERINFO_TRANSPORT_ERRORS,
    );
    if (result.status === 401 || result.status === 403) {
      throw new OidcClientError('ERR_OIDC_USERINFO_UNAUTHORIZED', {
        detail: `${endpoint} answered ${result.status}`,
        httpStatus: result.status,
      });
    }
    if (result.status >= 500) {
      throw new OidcClientError('ERR_OIDC_USERINFO_UNAVAILABLE', {
        detail: `${endpoint} answered ${result.status}`,
        httpStatus: result.status,
      });
    }
    if (result.status !== 200) {
      throw new OidcClientError('ERR_OIDC_USERINFO_RESPONSE_INVALID', {
        reason: 'unexpected-status',
        detail: `${endpoint} answered ${result.status}`,
        httpStatus: result.status,
      });
    }
    const type = mediaType(result.headers);
    const json =
      type === 'application/jwt'
        ? await this.signed.verify(result.body.toString('utf8').trim(), input.settings)
        : JSON_TYPES.has(type) || type.endsWith('+json')
          ? parseJsonObject(result.body)
          : undefined;
    if (json === undefined) {
      throw new OidcClientError('ERR_OIDC_USERINFO_RESPONSE_INVALID', {
        reason: 'not-json-object',
        detail: `${endpoint} answered ${type || 'no content type'}, not a JSON object`,
      });
    }
    const sub = Object.hasOwn(json, 'sub') ? json['sub'] : undefined;
    if (typeof sub !== 'string' || sub !== input.expectedSub) {
      throw new OidcClientError('ERR_OIDC_USERINFO_SUB_MISMATCH', {
        reason: typeof sub === 'string' ? 'different' : 'missing',
      });
    }
    return json;
  }
}
