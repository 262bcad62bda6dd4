import { isUtf8 } from 'node:buffer';
import { JwtError } from './errors.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type JsonObject = Record<string, unknown>;

/** The three segments of a compact JWS, validated for shape only. */
export interface CompactParts {
  readonly headerSegment: string;
  readonly payloadSegment: string;
  readonly signatureSegment: string;
  /** End of `header.payload` in the token (the signing input). */
  readonly signingInputEnd: number;
}

function malformed(detail: string): JwtError {
  return new JwtError('ERR_JWT_MALFORMED', `The token is not a well-formed compact JWS: ${detail}.`);
}

function checkSegment(segment: string, name: string): void {
  if (segment.length === 0) throw malformed(`the ${name} segment is empty`);
  if (segment.length % 4 === 1 || !BASE64URL.test(segment)) throw malformed(`the ${name} segment is not base64url`);
}

/** The 6-bit value of a base64url character (the segment was validated already). */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a-z
  if (code >= 65) return code - 65; // A-Z
  if (code >= 48) return code - 48 + 52; // 0-9
  return code === 45 ? 62 : 63; // - _
}

/**
 * Whether a (validated) base64url segment is canonical: the unused low bits of its last character are
 * zero. Otherwise several strings decode to the same bytes, e.g. two token strings with one signature
 * (a replay cache keyed by the token would see different tokens). Only the signature needs this check:
 * the signature covers the exact text of header and payload.
 */
export function isCanonicalBase64url(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 0) return true;
  return (sextet(segment.charCodeAt(segment.length - 1)) & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/**
 * Splits a compact JWS: exactly three non-empty, strictly base64url (unpadded) segments. `knownHeader`
 * tells whether the header segment is one already validated (its check is then skipped).
 */
export function splitCompact(
  token: unknown,
  maxLength: number,
  knownHeader?: (segment: string) => boolean,
): CompactParts {
  if (typeof token !== 'string') throw malformed('not a string');
  if (token.length > maxLength)
    throw new JwtError('ERR_JWT_TOO_LARGE', `The token is longer than ${maxLength} characters.`);
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) throw malformed('it must have exactly three segments');
  const headerSegment = token.slice(0, first);
  const payloadSegment = token.slice(first + 1, second);
  const signatureSegment = token.slice(second + 1);
  if (knownHeader === undefined || !knownHeader(headerSegment)) checkSegment(headerSegment, 'header');
  checkSegment(payloadSegment, 'payload');
  checkSegment(signatureSegment, 'signature');
  return { headerSegment, payloadSegment, signatureSegment, signingInputEnd: second };
}

/** Decodes a base64url segment holding a UTF-8 JSON object (not an array, not null). */
export function decodeJsonObject(segment: string, name: string): JsonObject {
  const bytes = Buffer.from(segment, 'base64url');
  if (!isUtf8(bytes)) throw malformed(`the ${name} is not UTF-8`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw malformed(`the ${name} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(`the ${name} is not a JSON object`);
  return value as JsonObject;
}
