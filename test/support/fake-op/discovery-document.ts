import type { FakeOpEndpoints } from './fake-op-api.js';

export interface DiscoveryInput {
  issuer: string;
  endpoints: FakeOpEndpoints;
  alg: string;
  issParameter: boolean;
  claimNames: string[];
}

/** The fake OP's discovery document (before any discovery behaviour edits it). */
export function discoveryDocument(input: DiscoveryInput): Record<string, unknown> {
  return {
    issuer: input.issuer,
    authorization_endpoint: input.endpoints.authorization,
    token_endpoint: input.endpoints.token,
    userinfo_endpoint: input.endpoints.userinfo,
    jwks_uri: input.endpoints.jwks,
    end_session_endpoint: input.endpoints.endSession,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [input.alg],
    token_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
    ],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'email', 'profile', 'groups', 'offline_access'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'auth_time', 'sid', ...input.claimNames],
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    ...(input.issParameter ? { authorization_response_iss_parameter_supported: true } : {}),
  };
}
