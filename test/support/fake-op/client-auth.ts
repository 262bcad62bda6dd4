import type { IncomingHttpHeaders } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import type { FakeOpAuthMethod } from './fake-op-types.js';

export interface ClientAuthConfig {
  clientId: string;
  clientSecret: string;
  clientJwks?: { keys: JWK[] };
  /** Audiences accepted in client assertions (token endpoint URL and issuer). */
  assertionAudiences: string[];
}

export interface ClientAuthResult {
  method: FakeOpAuthMethod | 'ambiguous' | 'unauthenticated';
  clientId?: string;
  /** Why authentication failed (undefined when it succeeded). */
  failure?: string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** RFC 6749 2.3.1: both parts of Basic credentials are form-urlencoded. */
const formDecode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));

function fromBasic(header: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

async function verifyAssertion(
  assertion: string,
  config: ClientAuthConfig,
): Promise<{ method: FakeOpAuthMethod; failure?: string }> {
  const parts = assertion.split('.');
  let alg: string;
  try {
    alg = String(JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')).alg);
  } catch {
    return { method: 'client_secret_jwt', failure: 'malformed client assertion' };
  }
  const method: FakeOpAuthMethod = alg.startsWith('HS') ? 'client_secret_jwt' : 'private_key_jwt';
  try {
    const options = {
      issuer: config.clientId,
      subject: config.clientId,
      audience: config.assertionAudiences,
      requiredClaims: ['exp', 'jti'],
    };
    if (method === 'client_secret_jwt')
      await jwtVerify(assertion, new TextEncoder().encode(config.clientSecret), options);
    else if (config.clientJwks) await jwtVerify(assertion, createLocalJWKSet(config.clientJwks), options);
    else return { method, failure: 'no client jwks registered' };
    return { method };
  } catch (err) {
    return { method, failure: `client assertion rejected: ${(err as Error).message}` };
  }
}

/** Detects which client authentication a token request used and checks it. */
export async function authenticateClient(
  form: URLSearchParams,
  headers: IncomingHttpHeaders,
  config: ClientAuthConfig,
): Promise<ClientAuthResult> {
  const basic = headers.authorization ? fromBasic(headers.authorization) : undefined;
  const assertion = form.get('client_assertion');
  const presented = [basic, form.has('client_secret'), assertion].filter(Boolean).length;
  if (presented > 1) return { method: 'ambiguous', failure: 'more than one client authentication method used' };
  if (basic) {
    const ok = basic.id === config.clientId && basic.secret === config.clientSecret;
    return {
      method: 'client_secret_basic',
      clientId: basic.id,
      failure: ok ? undefined : 'wrong client credentials (basic)',
    };
  }
  if (form.has('client_secret')) {
    const ok = form.get('client_id') === config.clientId && form.get('client_secret') === config.clientSecret;
    return {
      method: 'client_secret_post',
      clientId: form.get('client_id') ?? undefined,
      failure: ok ? undefined : 'wrong client credentials (post)',
    };
  }
  if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER)
      return { method: 'private_key_jwt', failure: 'wrong client_assertion_type' };
    const { method, failure } = await verifyAssertion(assertion, config);
    return { method, clientId: config.clientId, failure };
  }
  if (form.get('client_id')) return { method: 'none', clientId: form.get('client_id') ?? undefined };
  return { method: 'unauthenticated', failure: 'no client authentication' };
}
