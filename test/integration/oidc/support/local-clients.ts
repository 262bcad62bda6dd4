import type { OidcSettings } from '../../../../src/settings/types.js';
import type { TokenClient, TokenSet, UserInfoClient } from '../../../../src/oidc/client-contracts.js';

/**
 * TEST ONLY: a minimal token/userinfo client (client_secret_basic and client_secret_post, no redirects,
 * 5 s timeout) standing in for the oidc-client domain until its branch is merged. The rig binds it only
 * when nothing else is bound under the same service identifiers.
 */
export class LocalTokenClient implements TokenClient {
  async exchangeCode(input: {
    settings: OidcSettings;
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<TokenSet> {
    const { settings } = input;
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
    });
    if (input.codeVerifier) form.set('code_verifier', input.codeVerifier);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (settings.tokenEndpointAuthMethod === 'client_secret_post') {
      form.set('client_id', settings.clientId);
      form.set('client_secret', settings.clientSecret ?? '');
    } else {
      const enc = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+');
      headers['authorization'] =
        `Basic ${Buffer.from(`${enc(settings.clientId)}:${enc(settings.clientSecret ?? '')}`).toString('base64')}`;
    }
    const response = await fetch(settings.tokenEndpoint, {
      method: 'POST',
      headers,
      body: form.toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.status !== 200 || !json || typeof json['id_token'] !== 'string') {
      throw new Error(`token endpoint answered ${response.status}`);
    }
    return {
      idToken: json['id_token'],
      accessToken: typeof json['access_token'] === 'string' ? json['access_token'] : null,
      tokenType: typeof json['token_type'] === 'string' ? json['token_type'] : null,
      expiresIn: typeof json['expires_in'] === 'number' ? json['expires_in'] : null,
      refreshToken: null,
      scope: typeof json['scope'] === 'string' ? json['scope'] : null,
    };
  }
}

export class LocalUserInfoClient implements UserInfoClient {
  calls = 0;

  async fetch(input: {
    settings: OidcSettings;
    accessToken: string;
    expectedSub: string;
  }): Promise<Record<string, unknown>> {
    this.calls++;
    const response = await fetch(input.settings.userInfoEndpoint as string, {
      headers: { authorization: `Bearer ${input.accessToken}`, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.status !== 200 || !json) throw new Error(`userinfo answered ${response.status}`);
    if (json['sub'] !== input.expectedSub) throw new Error('userinfo sub mismatch');
    return json;
  }
}
