/** Keys whose values never reach a log line (under `code`, a reason code is the exception: see isSecretEntry). */
const SECRET_KEY = /secret|password|token|assertion|authorization|cookie|verifier/i;
const SECRET_EXACT_KEYS = new Set(['code', 'id_token_hint']);
/**
 * A reason code (`ERR_...`, `WARN_...`): never a secret, so kept even under a key such as `code` that
 * otherwise means an OAuth authorization code.
 */
export const REASON_CODE = /^(?:ERR|WARN)_[A-Z0-9_]{1,96}$/;
/** Base64url segments joined by dots, the first one a JSON object header (`ey...`): a JWS or JWE. */
const JWT_LIKE = /\bey[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
/** `Bearer <token>` / `DPoP <token>` with a token of at least 8 characters (so "Bearer token" stays). */
const BEARER_LIKE = /\b(Bearer|DPoP)\s+[A-Za-z0-9._~+/-]{8,}=*/gi;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_EXACT_KEYS.has(key) || SECRET_KEY.test(key);
}

/** Keys that carry either an authorization code or a reason code: the value tells which. */
const CODE_KEYS = new Set(['code']);

/**
 * Whether the value under `key` must be masked: secrets by key (tokens, secrets, passwords, authorization
 * codes). Under `code` a reason code (`ERR_...`, `WARN_...`) stays readable; anything else there is taken
 * for an authorization code. A password or secret is masked even if it looks like a reason code.
 */
export function isSecretEntry(key: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (CODE_KEYS.has(key) && typeof value === 'string' && REASON_CODE.test(value)) return false;
  return isSecretKey(key);
}

/** Replaces JWT-shaped and bearer-token-shaped parts of a string. */
export function redactString(value: string): string {
  return value.replace(JWT_LIKE, REDACTED).replace(BEARER_LIKE, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/**
 * A copy of `value` safe to log: values under secret-looking keys become `[redacted]` (reason codes
 * `ERR_...`/`WARN_...` excepted), strings shaped like tokens are masked, errors become `{ name, message, code }`. Cycles and depth are bounded.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : typeof value === 'function' ? '[function]' : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth > 8) return '[too deep]';
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: redactString(value.message), ...(code === undefined ? {} : { code }) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretEntry(key, item) ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
