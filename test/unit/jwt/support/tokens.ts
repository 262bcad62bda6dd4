import type { KeyObject } from 'node:crypto';
import type { JwsAlgorithm } from '../../../../src/jwt/index.js';

export const ISSUER = 'https://idp.example.com';
export const CLIENT_ID = 'crm-client';

export const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS over exactly the given header and payload (any shape), signed with `algorithm.sign`. */
export function signRaw(header: unknown, payload: unknown, algorithm: JwsAlgorithm, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${algorithm.sign!(Buffer.from(input), key).toString('base64url')}`;
}

/** A compact JWS over raw segment text (for malformed inputs). */
export function signSegments(
  headerSegment: string,
  payloadSegment: string,
  algorithm: JwsAlgorithm,
  key: KeyObject,
): string {
  const input = `${headerSegment}.${payloadSegment}`;
  return `${input}.${algorithm.sign!(Buffer.from(input), key).toString('base64url')}`;
}

/** A valid ID-token payload at `nowSec`. */
export function idClaims(nowSec: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'alice',
    aud: CLIENT_ID,
    iat: nowSec - 5,
    exp: nowSec + 300,
    nonce: 'n-0S6_WzA2Mj',
    ...extra,
  };
}

/** Replaces one segment of a token. */
export function withSegment(token: string, index: 0 | 1 | 2, segment: string): string {
  const parts = token.split('.');
  parts[index] = segment;
  return parts.join('.');
}
