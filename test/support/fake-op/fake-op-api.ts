import type { JWK } from 'jose';
import type { SigningKeySet } from '../idp/signing-keys.js';
import type {
  FakeOpBehaviour,
  FakeOpEndpoint,
  IssuedTokens,
  RecordedRequest,
  TokenRequestInfo,
} from './fake-op-types.js';
import type { AccessTokenInput, IdTokenInput } from './jwt-minter.js';
import type { BackchannelResult, BackchannelSendOptions, LogoutTokenOptions } from './logout-tokens.js';

export interface FakeOpEndpoints {
  discovery: string;
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
}

/** A programmable fake OpenID Provider. See test/support/README.md for the switches. */
export interface FakeOp {
  readonly issuer: string;
  readonly origin: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly alg: string;
  readonly endpoints: FakeOpEndpoints;
  readonly keys: SigningKeySet;
  /** Requests per endpoint since start or resetCounts(). */
  readonly counts: Record<FakeOpEndpoint, number>;
  readonly requests: RecordedRequest[];
  /** Query of the last /authorize request. */
  readonly lastAuthorization?: URLSearchParams;
  readonly lastTokenRequest?: TokenRequestInfo;
  /** What the last successful /token call issued (sid and sub to aim a logout token at that session). */
  readonly lastIssued?: IssuedTokens;
  readonly behaviour: FakeOpBehaviour;
  behave(changes: Partial<FakeOpBehaviour>): void;
  /** Back to normal behaviour (codes, keys, user and counters are kept). */
  reset(): void;
  resetCounts(): void;
  /**
   * Forgets every authorization code, access token and refresh token issued so far (they are kept for
   * reuse and userinfo checks). Long runs (the fuzzer, between batches) call it so the fake OP's own
   * bookkeeping does not grow with every login.
   */
  forgetGrants(): void;
  setUser(claims: Record<string, unknown> & { sub: string }): void;
  setClockOffset(seconds: number): void;
  /** New signing keys (new kids) from now on; returns them. */
  rotateKeys(keys?: SigningKeySet): Promise<SigningKeySet>;
  /** The public keys /jwks would serve now (with defect and behaviour effects on keys). */
  servedJwks(): { keys: JWK[] };
  signIdToken(input?: Partial<IdTokenInput>): Promise<string>;
  signAccessToken(input?: Partial<AccessTokenInput>): Promise<string>;
  logoutToken(options?: LogoutTokenOptions): Promise<string>;
  sendLogoutToken(uri: string, token: string, options?: BackchannelSendOptions): Promise<BackchannelResult>;
  stop(): Promise<void>;
}
