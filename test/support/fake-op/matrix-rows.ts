import type { FakeOpBehaviour, FakeOpOptions } from './fake-op-types.js';
import type { JwtDefectName } from './jwt-defects.js';
import type { BackchannelSendOptions, LogoutTokenDefectName } from './logout-tokens.js';

/**
 * Rows of the security matrix (/work/shared/reference/security-matrix.md) that the fake OP can play, as
 * data: the row id (name your test after it), what the OP does (fake OP options and behaviour switches),
 * and what a correct RP must do. Tests of the login flow iterate over these instead of re-deriving them.
 *
 * Login outcomes (section 0 of the matrix):
 * - `accept`: the login completes and a session is created.
 * - `reject`: no session, a coded error page; for ID-token defects also NO userinfo call (`op.counts.userinfo`).
 * - `reject-before-token`: as reject, and found before any token request (`op.counts.token === 0`).
 * - `idp-error`: the IdP returned an OAuth error; a friendly page, no token request, no loop.
 * - `policy`: the row allows a documented choice (e.g. reject or try each key); the test pins the choice.
 */
export type LoginOutcome = 'accept' | 'reject' | 'reject-before-token' | 'idp-error' | 'policy';

export interface LoginMatrixRow {
  /** Row id from the matrix (variant after a colon when one row has several cases). */
  id: string;
  section: '1.1' | '1.2' | '1.3' | '1.4' | '1.5' | '1.6' | '1.7';
  what: string;
  /** Options for startFakeOp (alg, auth method...) when the row needs a specially configured OP. */
  op?: Partial<FakeOpOptions>;
  behave?: Partial<FakeOpBehaviour>;
  outcome: LoginOutcome;
  /** What else the row asks (procedures the data cannot express: rotate keys, send max_age...). */
  note?: string;
}

const id = (...defects: JwtDefectName[]): Partial<FakeOpBehaviour> => ({ idToken: defects });

export const LOGIN_MATRIX_ROWS: LoginMatrixRow[] = [
  // 1.1 happy path and client authentication
  {
    id: 'rp-response_type-code',
    section: '1.1',
    what: 'normal code flow',
    outcome: 'accept',
    note: 'check op.lastAuthorization: response_type=code, scope has openid, state, nonce, code_challenge_method=S256',
  },
  {
    id: 'rp-token_endpoint-client_secret_basic',
    section: '1.1',
    what: 'token endpoint takes Basic only; secret with :+/%&= and non-ASCII',
    op: { tokenEndpointAuthMethod: 'client_secret_basic', clientSecret: 's3cr:t+/%&=-é-0123456789-abcdefghij' },
    outcome: 'accept',
  },
  {
    id: 'rp-token_endpoint-client_secret_post',
    section: '1.1',
    what: 'token endpoint takes form credentials only',
    op: { tokenEndpointAuthMethod: 'client_secret_post' },
    outcome: 'accept',
  },
  {
    id: 'rp-token_endpoint-client_secret_jwt',
    section: '1.1',
    what: 'token endpoint takes an HS256 client assertion only',
    op: { tokenEndpointAuthMethod: 'client_secret_jwt' },
    outcome: 'accept',
  },
  {
    id: 'rp-scope-userinfo-claims',
    section: '1.1',
    what: 'profile, email and groups come from userinfo only',
    op: {
      userinfoOnlyClaims: [
        'email',
        'email_verified',
        'name',
        'given_name',
        'family_name',
        'preferred_username',
        'groups',
      ],
    },
    outcome: 'accept',
    note: 'the user gets email and teams from the userinfo claims',
  },
  { id: 'rp-userinfo-bearer-header', section: '1.1', what: 'userinfo requires the Bearer header', outcome: 'accept' },
  {
    id: 'rp-response_mode-form_post-error:login_required',
    section: '1.1',
    what: 'IdP answers error=login_required',
    behave: { authorize: 'error-login_required' },
    outcome: 'idp-error',
  },
  {
    id: 'rp-response_mode-form_post-error:access_denied',
    section: '1.1',
    what: 'user cancelled at the IdP',
    behave: { authorize: 'error-access_denied' },
    outcome: 'idp-error',
  },
  // 1.2 nonce, state and authorization response
  {
    id: 'rp-nonce-invalid',
    section: '1.2',
    what: 'ID token nonce replaced',
    behave: id('wrong-nonce'),
    outcome: 'reject',
  },
  {
    id: 'FAPI-invalid-missing-nonce',
    section: '1.2',
    what: 'ID token without nonce',
    behave: id('missing-nonce'),
    outcome: 'reject',
  },
  {
    id: 'FAPI2-invalid-state',
    section: '1.2',
    what: 'callback with another state',
    behave: { authorize: 'state-wrong' },
    outcome: 'reject-before-token',
  },
  {
    id: 'FAPI2-missing-state',
    section: '1.2',
    what: 'callback without state',
    behave: { authorize: 'state-missing' },
    outcome: 'reject-before-token',
  },
  {
    id: 'FAPI2-invalid-authorization-response-iss',
    section: '1.2',
    what: 'callback iss differs (mix-up)',
    behave: { authorize: 'iss-wrong' },
    outcome: 'reject-before-token',
  },
  {
    id: 'FAPI2-remove-authorization-response-iss',
    section: '1.2',
    what: 'callback without iss although discovery advertises it',
    behave: { authorize: 'iss-missing' },
    outcome: 'reject-before-token',
  },
  {
    id: 'R-07:id_token',
    section: '1.2',
    what: 'callback carries id_token',
    behave: { authorize: 'extra-id_token' },
    outcome: 'reject-before-token',
  },
  {
    id: 'R-07:token',
    section: '1.2',
    what: 'callback carries access_token/token',
    behave: { authorize: 'extra-token' },
    outcome: 'reject-before-token',
  },
  {
    id: 'R-07:response',
    section: '1.2',
    what: 'callback carries a JARM response',
    behave: { authorize: 'extra-response' },
    outcome: 'reject-before-token',
  },
  {
    id: 'R-08:code',
    section: '1.2',
    what: 'duplicate code parameter',
    behave: { authorize: 'duplicate-code' },
    outcome: 'reject-before-token',
  },
  {
    id: 'R-08:state',
    section: '1.2',
    what: 'duplicate state parameter',
    behave: { authorize: 'duplicate-state' },
    outcome: 'reject-before-token',
  },
  {
    id: 'R-08:iss',
    section: '1.2',
    what: 'duplicate iss parameter',
    behave: { authorize: 'duplicate-iss' },
    outcome: 'reject-before-token',
  },
  // 1.3 ID token claims
  { id: 'rp-id_token-sig-rs256', section: '1.3', what: 'normal RS256 ID token', outcome: 'accept' },
  {
    id: 'rp-id_token-aud',
    section: '1.3',
    what: 'aud https://example.com/',
    behave: id('wrong-aud'),
    outcome: 'reject',
  },
  { id: 'oidcc-client-test-missing-aud', section: '1.3', what: 'no aud', behave: id('missing-aud'), outcome: 'reject' },
  {
    id: 'FAPI-invalid-secondary-aud',
    section: '1.3',
    what: 'aud [client, other] without azp',
    behave: id('secondary-aud'),
    outcome: 'reject',
  },
  {
    id: 'OIDC-Core-3.1.3.7-untrusted-additional-aud',
    section: '1.3',
    what: 'aud [client, another-audience] with azp = client',
    behave: id('untrusted-aud-with-azp'),
    outcome: 'reject',
  },
  { id: 'FAPI-valid-aud-as-array', section: '1.3', what: 'aud [client]', behave: id('aud-array'), outcome: 'accept' },
  { id: 'azp-mismatch', section: '1.3', what: 'azp names another client', behave: id('wrong-azp'), outcome: 'reject' },
  { id: 'rp-id_token-sub', section: '1.3', what: 'no sub', behave: id('missing-sub'), outcome: 'reject' },
  { id: 'rp-id_token-iat', section: '1.3', what: 'no iat', behave: id('missing-iat'), outcome: 'reject' },
  {
    id: 'FAPI-iat-is-week-in-past',
    section: '1.3',
    what: 'iat a week old, exp in the future',
    behave: id('iat-week-old'),
    outcome: 'reject',
  },
  {
    id: 'FAPI-invalid-expired-exp',
    section: '1.3',
    what: 'exp 10 minutes ago',
    behave: id('expired'),
    outcome: 'reject',
  },
  { id: 'FAPI-invalid-missing-exp', section: '1.3', what: 'no exp', behave: id('missing-exp'), outcome: 'reject' },
  {
    id: 'rp-id_token-issuer-mismatch',
    section: '1.3',
    what: 'iss https://example.org/',
    behave: id('wrong-iss'),
    outcome: 'reject',
  },
  {
    id: 'rp-id_token-issuer-mismatch:trailing-slash',
    section: '1.3',
    what: 'iss with an added trailing slash',
    behave: id('iss-trailing-slash'),
    outcome: 'reject',
  },
  { id: 'FAPI-invalid-missing-iss', section: '1.3', what: 'no iss', behave: id('missing-iss'), outcome: 'reject' },
  { id: 'I-10:exp', section: '1.3', what: 'exp as a string', behave: id('exp-as-string'), outcome: 'reject' },
  { id: 'I-10:iat', section: '1.3', what: 'iat as a string', behave: id('iat-as-string'), outcome: 'reject' },
  {
    id: 'I-11:type',
    section: '1.3',
    what: 'auth_time not a number',
    behave: id('auth-time-as-string'),
    outcome: 'reject',
  },
  {
    id: 'I-11:max_age',
    section: '1.3',
    what: 'auth_time an hour old',
    behave: id('auth-time-old'),
    outcome: 'reject',
    note: 'only with oidcAuthorizationMaxAge set below 3600 (max_age sent)',
  },
  // 1.4 signatures and algorithms
  {
    id: 'rp-id_token-bad-sig-rs256',
    section: '1.4',
    what: 'signature characters shuffled',
    behave: id('bad-signature'),
    outcome: 'reject',
  },
  {
    id: 'rp-id_token-bad-sig-es256',
    section: '1.4',
    what: 'ES256 signature shuffled',
    op: { alg: 'ES256' },
    behave: id('bad-signature'),
    outcome: 'reject',
  },
  {
    id: 'rp-id_token-bad-sig-es256:der',
    section: '1.4',
    what: 'ES256 signature DER-encoded',
    op: { alg: 'ES256' },
    behave: id('der-ecdsa'),
    outcome: 'reject',
  },
  {
    id: 'rp-id_token-bad-sig-hs256',
    section: '1.4',
    what: 'HS256 signature shuffled',
    op: { alg: 'HS256' },
    behave: id('bad-signature'),
    outcome: 'reject',
  },
  {
    id: 'rp-id_token-sig-es256',
    section: '1.4',
    what: 'valid ES256 for an ES256 client',
    op: { alg: 'ES256' },
    outcome: 'accept',
  },
  {
    id: 'rp-id_token-sig-ps256',
    section: '1.4',
    what: 'valid PS256 for a PS256 client',
    op: { alg: 'PS256' },
    outcome: 'accept',
  },
  {
    id: 'rp-id_token-sig-eddsa',
    section: '1.4',
    what: 'valid EdDSA for an EdDSA client',
    op: { alg: 'EdDSA' },
    outcome: 'accept',
  },
  {
    id: 'rp-id_token-sig-hs256',
    section: '1.4',
    what: 'valid HS256 (client secret) for an HS256 client',
    op: { alg: 'HS256' },
    outcome: 'accept',
  },
  { id: 'rp-id_token-sig-none', section: '1.4', what: 'alg none', behave: id('alg-none'), outcome: 'reject' },
  {
    id: 'FAPI-invalid-alternate-alg',
    section: '1.4',
    what: 'PS256 with the RSA key when RS256 is registered',
    behave: id('alg-substitution'),
    outcome: 'reject',
  },
  {
    id: 'S-01',
    section: '1.4',
    what: 'HS256 keyed with the RSA public key, RSA kid',
    behave: id('hs256-with-public-key'),
    outcome: 'reject',
  },
  { id: 'S-02', section: '1.4', what: 'crit with an unknown extension', behave: id('crit-unknown'), outcome: 'reject' },
  { id: 'S-03', section: '1.4', what: 'b64:false', behave: id('b64-false'), outcome: 'reject' },
  { id: 'S-04:jwk', section: '1.4', what: 'embedded attacker jwk', behave: id('embedded-jwk'), outcome: 'reject' },
  { id: 'S-04:jku', section: '1.4', what: 'jku to attacker keys', behave: id('jku-header'), outcome: 'reject' },
  {
    id: 'S-05:path',
    section: '1.4',
    what: 'kid ../../etc/passwd',
    behave: id('kid-path-traversal'),
    outcome: 'reject',
  },
  { id: 'S-05:sql', section: '1.4', what: 'kid with SQL text', behave: id('kid-sql'), outcome: 'reject' },
  { id: 'S-05:10kb', section: '1.4', what: '10 KB kid', behave: id('kid-10kb'), outcome: 'reject' },
  { id: 'S-06', section: '1.4', what: '1024-bit RSA key', behave: id('weak-rsa-1024'), outcome: 'reject' },
  {
    id: 'S-07:std-base64',
    section: '1.4',
    what: 'standard base64 in the signature',
    behave: id('std-base64-signature'),
    outcome: 'reject',
  },
  { id: 'S-07:two-segments', section: '1.4', what: 'two segments', behave: id('two-segments'), outcome: 'reject' },
  { id: 'S-07:four-segments', section: '1.4', what: 'four segments', behave: id('four-segments'), outcome: 'reject' },
  {
    id: 'S-08',
    section: '1.4',
    what: 'duplicate sub member, correctly signed',
    behave: id('duplicate-sub'),
    outcome: 'policy',
    note: 'reject duplicates, or document the accepted risk (jose: last wins)',
  },
  { id: 'S-09:id-token', section: '1.4', what: '1 MB ID token', behave: id('huge-1mb'), outcome: 'reject' },
  {
    id: 'S-09:token-response',
    section: '1.4',
    what: '10 MB token response',
    behave: { token: 'huge-body' },
    outcome: 'reject',
  },
  // 1.5 keys, JWKS, discovery
  {
    id: 'rp-id_token-kid-absent-single-jwks',
    section: '1.5',
    what: 'no kid, one key in the JWKS',
    behave: id('kid-absent-single'),
    outcome: 'accept',
  },
  {
    id: 'rp-id_token-kid-absent-multiple-jwks',
    section: '1.5',
    what: 'no kid, several keys without kid',
    behave: id('kid-absent-multiple'),
    outcome: 'policy',
    note: 'reject, or try each candidate key',
  },
  {
    id: 'rp-key-rotation-op-sign-key',
    section: '1.5',
    what: 'keys replaced between two logins',
    outcome: 'accept',
    note: 'log in, await op.rotateKeys(), log in again within 30 s',
  },
  {
    id: 'rp-discovery-issuer-not-matching-config',
    section: '1.5',
    what: 'discovery issuer differs',
    behave: { discovery: 'issuer-mismatch' },
    outcome: 'reject',
    note: 'the discovery action refuses the configuration',
  },
  {
    id: 'K-01',
    section: '1.5',
    what: 'JWKS 503 after the cache period',
    behave: { jwks: 'unavailable' },
    outcome: 'policy',
    note: 'cached keys inside the grace window: accept + warning; outside: reject',
  },
  {
    id: 'K-02',
    section: '1.5',
    what: 'JWKS answers 302',
    behave: { jwks: 'redirect' },
    outcome: 'reject',
    note: 'with a cold key cache',
  },
  {
    id: 'K-03',
    section: '1.5',
    what: 'JWKS slower than the timeout',
    behave: { jwks: 'slow' },
    outcome: 'reject',
    note: 'with a cold key cache',
  },
  {
    id: 'K-07',
    section: '1.5',
    what: 'JWKS keys marked use:enc',
    behave: { jwks: 'use-enc' },
    outcome: 'reject',
    note: 'with a cold key cache',
  },
  // 1.6 token endpoint response
  {
    id: 'F-01',
    section: '1.6',
    what: '400 invalid_grant',
    behave: { token: 'invalid_grant' },
    outcome: 'reject',
    note: 'exactly one token request (op.counts.token === 1): never retried',
  },
  { id: 'F-02:500', section: '1.6', what: 'token endpoint 500', behave: { token: 'server-error' }, outcome: 'reject' },
  { id: 'F-02:503', section: '1.6', what: 'token endpoint 503', behave: { token: 'unavailable' }, outcome: 'reject' },
  { id: 'F-02:html', section: '1.6', what: 'HTML instead of JSON', behave: { token: 'html' }, outcome: 'reject' },
  { id: 'F-02:non-json', section: '1.6', what: 'truncated JSON', behave: { token: 'non-json' }, outcome: 'reject' },
  { id: 'F-02:array', section: '1.6', what: 'JSON array', behave: { token: 'json-array' }, outcome: 'reject' },
  {
    id: 'F-02:redirect',
    section: '1.6',
    what: 'token endpoint answers 307',
    behave: { token: 'redirect' },
    outcome: 'reject',
    note: 'op.counts.tokenMoved === 0 (no redirect followed)',
  },
  {
    id: 'F-03:access_token',
    section: '1.6',
    what: 'no access_token',
    behave: { token: 'missing-access-token' },
    outcome: 'reject',
  },
  {
    id: 'at_hash-substituted-access-token',
    section: '1.6',
    what: 'ID token with at_hash, token response with another access token (OIDC Core 3.1.3.8)',
    op: { atHash: true },
    behave: { token: 'substituted-access-token' },
    outcome: 'reject',
  },
  {
    id: 'at_hash-matching-access-token',
    section: '1.6',
    what: 'ID token with at_hash over the access token issued with it',
    op: { atHash: true },
    outcome: 'accept',
  },
  {
    id: 'F-03:id_token',
    section: '1.6',
    what: 'no id_token',
    behave: { token: 'missing-id-token' },
    outcome: 'reject',
  },
  {
    id: 'F-04:expires_in-string',
    section: '1.6',
    what: 'expires_in "3600"',
    behave: { token: 'expires-in-string' },
    outcome: 'accept',
  },
  {
    id: 'F-04:no-expires-no-scope',
    section: '1.6',
    what: 'no expires_in, no scope',
    behave: { token: 'no-expires-no-scope' },
    outcome: 'accept',
  },
  {
    id: 'F-05:slow',
    section: '1.6',
    what: 'token endpoint slower than the timeout',
    behave: { token: 'slow' },
    outcome: 'reject',
  },
  {
    id: 'F-05:reset',
    section: '1.6',
    what: 'connection reset',
    behave: { token: 'connection-reset' },
    outcome: 'reject',
  },
  {
    id: 'F-09',
    section: '1.6',
    what: 'token_type bEARER',
    behave: { token: 'token-type-mixed-case' },
    outcome: 'accept',
  },
  {
    id: 'F-09:unknown-type',
    section: '1.6',
    what: 'token_type MAC',
    behave: { token: 'token-type-unknown' },
    outcome: 'reject',
  },
  // 1.7 userinfo and claims
  {
    id: 'rp-userinfo-bad-sub-claim',
    section: '1.7',
    what: 'userinfo sub foobar',
    behave: { userinfo: 'sub-mismatch' },
    outcome: 'reject',
  },
  {
    id: 'U-01:string',
    section: '1.7',
    what: 'groups is a string',
    behave: { userinfo: 'groups-string' },
    outcome: 'policy',
    note: 'no crash; one group or a coded denial',
  },
  {
    id: 'U-01:10000',
    section: '1.7',
    what: '10,000 groups',
    behave: { userinfo: 'groups-10000' },
    outcome: 'policy',
    note: 'bounded time; a cap or a coded denial',
  },
  {
    id: 'U-01:proto',
    section: '1.7',
    what: 'groups __proto__/constructor and a literal __proto__ member',
    behave: { userinfo: 'proto-member' },
    outcome: 'policy',
    note: 'no prototype pollution',
  },
  {
    id: 'U-02:401',
    section: '1.7',
    what: 'userinfo 401 with WWW-Authenticate',
    behave: { userinfo: 'unauthorized' },
    outcome: 'reject',
  },
  { id: 'U-02:500', section: '1.7', what: 'userinfo 500', behave: { userinfo: 'server-error' }, outcome: 'reject' },
];

/** Back-channel outcomes: 200 (and the session ends unless noted), 400 with no-store (no session touched). */
export type LogoutOutcome = 200 | 400 | '400-or-405' | 'policy';

export interface LogoutMatrixRow {
  id: string;
  what: string;
  defects?: (LogoutTokenDefectName | JwtDefectName)[];
  claims?: Record<string, unknown>;
  /** How to deliver it (default: form POST with one logout_token). */
  delivery?: BackchannelSendOptions;
  /** Send an ID token instead of a logout token. */
  idTokenInstead?: boolean;
  outcome: LogoutOutcome;
  note?: string;
}

export const LOGOUT_MATRIX_ROWS: LogoutMatrixRow[] = [
  {
    id: 'rp-backchannel-rpinitlogout',
    what: 'valid token, unknown claim and parameter',
    defects: ['extra-claim'],
    delivery: { extraParams: { ignored_parameter: 'x' } },
    outcome: 200,
  },
  { id: 'rp-backchannel-rpinitlogout-lt-alg-none', what: 'alg none', defects: ['alg-none'], outcome: 400 },
  {
    id: 'rp-backchannel-rpinitlogout-lt-wrong-alg',
    what: 'other key family than the ID-token alg',
    defects: ['wrong-alg'],
    outcome: 400,
  },
  { id: 'rp-backchannel-rpinitlogout-lt-no-event', what: 'no events claim', defects: ['no-event'], outcome: 400 },
  { id: 'rp-backchannel-rpinitlogout-lt-wrong-event', what: 'another event', defects: ['wrong-event'], outcome: 400 },
  {
    id: 'rp-backchannel-rpinitlogout-lt-event-not-object',
    what: 'event member is not an object',
    defects: ['event-not-object'],
    outcome: 400,
  },
  { id: 'rp-backchannel-rpinitlogout-lt-with-nonce', what: 'nonce present', defects: ['with-nonce'], outcome: 400 },
  {
    id: 'rp-backchannel-rpinitlogout-lt-wrong-aud',
    what: 'aud client_id + INVALID',
    defects: ['wrong-aud'],
    outcome: 400,
  },
  {
    id: 'rp-backchannel-rpinitlogout-lt-wrong-issuer',
    what: 'iss issuer + INVALID',
    defects: ['wrong-iss'],
    outcome: 400,
  },
  {
    id: 'rp-backchannel-rpinitlogout-lt-bad-signature',
    what: 'signature shuffled',
    defects: ['bad-signature'],
    outcome: 400,
  },
  {
    id: 'B-01',
    what: 'same jti twice',
    outcome: 200,
    note: 'send the same token twice: 200 both times, acted on once',
  },
  { id: 'B-02', what: 'sub only', defects: ['sub-only'], outcome: 200, note: 'ends every session of (iss, sub)' },
  { id: 'B-03', what: 'neither sub nor sid', defects: ['no-sub-no-sid'], outcome: 400 },
  { id: 'B-04', what: 'unknown sid', claims: { sid: 'unknown-sid' }, outcome: 200, note: 'no session ended' },
  { id: 'B-05:typ', what: 'typ at+jwt', defects: ['typ-foreign'], outcome: 400 },
  { id: 'B-05:id-token', what: 'an ID token posted as a logout token', idTokenInstead: true, outcome: 400 },
  {
    id: 'B-07:get',
    what: 'GET with the token in the query',
    delivery: { method: 'GET', encoding: 'query' },
    outcome: '400-or-405',
  },
  { id: 'B-07:json', what: 'JSON body', delivery: { encoding: 'json' }, outcome: 400 },
  { id: 'B-07:duplicate', what: 'two logout_token parameters', delivery: { duplicate: true }, outcome: 400 },
  { id: 'B-07:query', what: 'POST with the token in the query string', delivery: { encoding: 'query' }, outcome: 400 },
  { id: 'B-10:iat', what: 'iat an hour old', defects: ['iat-hour-old'], outcome: 400 },
  {
    id: 'B-10:no-exp',
    what: 'no exp',
    defects: ['missing-exp'],
    outcome: 'policy',
    note: 'accept with a fresh iat, or reject: pin the choice',
  },
  { id: 'typ-absent', what: 'no typ header', defects: ['no-typ'], outcome: 200 },
  { id: 'typ-application', what: 'typ application/logout+jwt', defects: ['typ-application'], outcome: 200 },
  {
    id: 'backchannel-logout-typ-jwt-refused',
    what: 'typ JWT (certified IdPs, Keycloak-compatible libraries; issue 11)',
    defects: ['typ-jwt'],
    outcome: 200,
  },
  { id: 'missing-jti', what: 'no jti', defects: ['missing-jti'], outcome: 400 },
];
