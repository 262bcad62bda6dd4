import { randomBytes, type KeyObject } from 'node:crypto';
import type { AlgorithmRegistry, JwsAlgorithm } from '../../../jwt/index.js';
import type { OidcSettings } from '../../../settings/index.js';
import { OidcClientError } from '../errors.js';
import type { TokenRequestDraft } from '../types.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const b64u = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** The registered algorithm named by `oidcClientAssertionAlgorithm`, able to sign. */
export function signingAlgorithm(
  registry: AlgorithmRegistry,
  alg: string,
): JwsAlgorithm & Required<Pick<JwsAlgorithm, 'sign'>> {
  const algorithm = registry.get(alg);
  if (algorithm === undefined || typeof algorithm.sign !== 'function') {
    throw new OidcClientError('ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED', {
      detail: `oidcClientAssertionAlgorithm ${alg}`,
    });
  }
  return algorithm as JwsAlgorithm & Required<Pick<JwsAlgorithm, 'sign'>>;
}

/**
 * Signs a client assertion (RFC 7523 §3, OIDC Core §9) and puts it into the form: `iss` = `sub` =
 * client_id, `aud` = the token endpoint, a random `jti`, `iat`, `exp` = `iat` + lifetime. Signing goes
 * through the algorithm registry (so a custom algorithm can sign too).
 */
export function addClientAssertion(input: {
  settings: OidcSettings;
  draft: TokenRequestDraft;
  audience: string;
  algorithm: JwsAlgorithm & Required<Pick<JwsAlgorithm, 'sign'>>;
  key: KeyObject;
  kid: string | null;
  nowSec: number;
  lifetimeSec: number;
}): void {
  const { settings, algorithm } = input;
  const problem = algorithm.checkKey?.(input.key);
  if (problem !== undefined) throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', { detail: problem });
  const header: Record<string, string> = { alg: algorithm.alg, typ: 'JWT' };
  if (input.kid) header['kid'] = input.kid;
  const payload = {
    iss: settings.clientId,
    sub: settings.clientId,
    aud: input.audience,
    jti: randomBytes(32).toString('base64url'),
    iat: input.nowSec,
    exp: input.nowSec + input.lifetimeSec,
  };
  const signingInput = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  let signature: Buffer;
  try {
    signature = algorithm.sign(Buffer.from(signingInput, 'ascii'), input.key);
  } catch (error) {
    throw new OidcClientError('ERR_OIDC_CLIENT_KEY_INVALID', {
      detail: `${algorithm.alg} could not sign with the configured key`,
      cause: error,
    });
  }
  input.draft.form.set('client_id', settings.clientId);
  input.draft.form.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE);
  input.draft.form.set('client_assertion', `${signingInput}.${b64u(signature)}`);
}
