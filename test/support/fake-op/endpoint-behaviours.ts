import type { JWK } from 'jose';
import { delay, type Exchange, send, sendHugeJson, sendJson } from './exchange.js';

/**
 * Produces the endpoint's normal answer, after letting `transform` edit the JSON object it would send;
 * a transform that returns a string replaces the serialized body with that text.
 */
export type NormalResponder = (transform?: (body: Record<string, unknown>) => void | string) => Promise<void>;
export type Behaviour = (ex: Exchange, normal: NormalResponder) => Promise<void> | void;

const TEN_MB = 10 * 1024 * 1024;
const html = (ex: Exchange): void =>
  send(ex, 200, '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>', { 'content-type': 'text/html' });
const slow: Behaviour = async (ex, normal) => {
  await delay(ex, ex.delayMs);
  await normal();
};
const edit =
  (fn: (body: Record<string, unknown>) => unknown): Behaviour =>
  (_ex, normal) =>
    normal((body) => void fn(body));

/** Token endpoint behaviours (security matrix 1.6, issue 7 faults). */
export const TOKEN_BEHAVIOURS = {
  invalid_grant: (ex) => sendJson(ex, 400, { error: 'invalid_grant', error_description: 'grant request is invalid' }),
  invalid_client: (ex) =>
    sendJson(ex, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="fake-op"' }),
  'server-error': (ex) => send(ex, 500, 'Internal Server Error', { 'content-type': 'text/plain' }),
  unavailable: (ex) => send(ex, 503, 'Service Unavailable', { 'content-type': 'text/plain' }),
  html,
  'non-json': (ex) => send(ex, 200, '{"access_token": "abc", ', { 'content-type': 'application/json' }),
  'json-array': (ex) => sendJson(ex, 200, []),
  'huge-body': (ex) => sendHugeJson(ex, TEN_MB),
  /** 307 to /token-moved, which answers normally: an RP that follows redirects "succeeds" there. */
  redirect: (ex) => send(ex, 307, '', { location: `${ex.base}/token-moved` }),
  slow,
  'connection-reset': (ex) => void ex.req.socket.destroy(),
  'missing-access-token': edit((b) => delete b.access_token),
  /** Another access token than the one the ID token's at_hash covers (with the `atHash` option). */
  'substituted-access-token': edit((b) => (b.access_token = `${String(b.access_token)}-substituted`)),
  'missing-id-token': edit((b) => delete b.id_token),
  'token-type-mixed-case': edit((b) => (b.token_type = 'bEARER')),
  'token-type-unknown': edit((b) => (b.token_type = 'MAC')),
  'expires-in-string': edit((b) => (b.expires_in = String(b.expires_in))),
  'no-expires-no-scope': edit((b) => {
    delete b.expires_in;
    delete b.scope;
  }),
} satisfies Record<string, Behaviour>;

/** Userinfo behaviours (security matrix 1.7). */
export const USERINFO_BEHAVIOURS = {
  'sub-mismatch': edit((b) => (b.sub = 'foobar')),
  'missing-sub': edit((b) => delete b.sub),
  unauthorized: (ex) =>
    send(ex, 401, '', { 'www-authenticate': 'Bearer error="invalid_token", error_description="token revoked"' }),
  'server-error': (ex) => send(ex, 500, 'Internal Server Error', { 'content-type': 'text/plain' }),
  html,
  slow,
  'huge-body': (ex) => sendHugeJson(ex, TEN_MB),
  'groups-string': edit((b) => (b.groups = 'crm-sales')),
  'groups-10000': edit((b) => (b.groups = Array.from({ length: 10_000 }, (_, i) => `group-${i}`))),
  'groups-proto': edit((b) => (b.groups = ['__proto__', 'constructor', 'prototype'])),
  /** A literal "__proto__" member in the JSON text (JSON.parse makes it an own property). */
  'proto-member': (_ex, normal) => normal((b) => `${JSON.stringify(b).slice(0, -1)},"__proto__":{"isAdmin":true}}`),
} satisfies Record<string, Behaviour>;

/** JWKS endpoint behaviours (security matrix 1.5, K-*). */
export const JWKS_BEHAVIOURS = {
  unavailable: (ex) => send(ex, 503, 'Service Unavailable', { 'content-type': 'text/plain' }),
  slow,
  /** 302 to /jwks-moved, which serves the real keys. */
  redirect: (ex) => send(ex, 302, '', { location: `${ex.base}/jwks-moved` }),
  'non-json': (ex) => send(ex, 200, '<html>', { 'content-type': 'text/html' }),
  empty: (ex) => sendJson(ex, 200, { keys: [] }),
  /** 5,000 keys (about 2 MB). */
  oversize: edit((b) => {
    const [first] = b.keys as JWK[];
    b.keys = Array.from({ length: 5000 }, (_, i) => ({ ...first, kid: `k${i}` }));
  }),
  'use-enc': edit((b) => (b.keys = (b.keys as JWK[]).map((k) => ({ ...k, use: 'enc' })))),
  'key-ops-encrypt': edit((b) => {
    b.keys = (b.keys as JWK[]).map((k) => {
      const copy: JWK = { ...k, key_ops: ['encrypt'] };
      delete copy.use;
      return copy;
    });
  }),
} satisfies Record<string, Behaviour>;

/** Discovery behaviours (1.5, C-10). */
export const DISCOVERY_BEHAVIOURS = {
  'issuer-mismatch': edit((b) => (b.issuer = 'https://example.com')),
  'issuer-trailing-slash': edit((b) => (b.issuer = `${String(b.issuer)}/`)),
  unavailable: (ex) => send(ex, 503, 'Service Unavailable', { 'content-type': 'text/plain' }),
  slow,
  'no-pkce-methods': edit((b) => delete b.code_challenge_methods_supported),
  'pkce-plain-only': edit((b) => (b.code_challenge_methods_supported = ['plain'])),
} satisfies Record<string, Behaviour>;

export type TokenBehaviour = keyof typeof TOKEN_BEHAVIOURS;
export type UserinfoBehaviour = keyof typeof USERINFO_BEHAVIOURS;
export type JwksBehaviour = keyof typeof JWKS_BEHAVIOURS;
export type DiscoveryBehaviour = keyof typeof DISCOVERY_BEHAVIOURS;
