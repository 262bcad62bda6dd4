import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt. The stored string carries everything needed to verify it later:
 * `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`, so the cost can be raised without invalidating
 * existing hashes. Passwords are NFKC-normalized first.
 */
export interface PasswordHashParams {
  /** CPU/memory cost, a power of two (default 32768). */
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_PASSWORD_PARAMS: PasswordHashParams = { N: 32768, r: 8, p: 1 };

const PREFIX = 'scrypt';
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds for parameters read from a stored hash: a crafted hash must not exhaust memory or CPU. */
const LIMITS = { N: [1024, 1 << 20], r: [1, 32], p: [1, 16] } as const;
/** Longest password accepted: scrypt cost does not depend on length, but request bodies should stay small. */
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, params: PasswordHashParams, keyLength: number): Promise<Buffer> {
  const { N, r, p } = params;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(
  password: string,
  params: PasswordHashParams = DEFAULT_PASSWORD_PARAMS,
): Promise<string> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new RangeError(`A password must have 1 to ${MAX_PASSWORD_LENGTH} characters`);
  }
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params, KEY_LENGTH);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  params: PasswordHashParams;
  salt: Buffer;
  key: Buffer;
}

function inRange(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x) ? Number(x) : NaN));
  const powerOfTwo = Number.isInteger(N) && (N & (N - 1)) === 0;
  if (!powerOfTwo || !inRange(N, LIMITS.N) || !inRange(r, LIMITS.r) || !inRange(p, LIMITS.p)) return null;
  // Node's base64 decoder reads both the standard and the URL-safe alphabet.
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 128) return null;
  return { params: { N, r, p }, salt, key };
}

/** Constant-time check of a password against a stored hash. A malformed hash never verifies. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parsePasswordHash(stored) : null;
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) {
    // Spend comparable time so that "no such user" and "wrong password" look alike.
    await derive(password.slice(0, MAX_PASSWORD_LENGTH), DUMMY_SALT, DEFAULT_PASSWORD_PARAMS, KEY_LENGTH);
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash uses weaker parameters than the current default (rehash after a good login). */
export function needsRehash(stored: string, params: PasswordHashParams = DEFAULT_PASSWORD_PARAMS): boolean {
  const parsed = parsePasswordHash(stored);
  return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

const DUMMY_SALT = randomBytes(SALT_LENGTH);
