/** Keys whose values never reach a log line. */
const SECRET_KEY = /secret|password|token|assertion|authorization|cookie|verifier/i;
const SECRET_EXACT_KEYS = new Set(['code', 'id_token_hint']);
/** Base64url segments joined by dots, the first one a JSON object header (`ey...`): a JWS or JWE. */
const JWT_LIKE = /\bey[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
/** `Bearer <token>` / `DPoP <token>` with a token of at least 8 characters (so "Bearer token" stays). */
const BEARER_LIKE = /\b(Bearer|DPoP)\s+[A-Za-z0-9._~+/-]{8,}=*/gi;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_EXACT_KEYS.has(key) || SECRET_KEY.test(key);
}

/** Replaces JWT-shaped and bearer-token-shaped parts of a string. */
export function redactString(value: string): string {
  return value.replace(JWT_LIKE, REDACTED).replace(BEARER_LIKE, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/**
 * A copy of `value` safe to log: values under secret-looking keys become `[redacted]`, strings shaped like
 * tokens are masked, errors become `{ name, message, code }`. Cycles and depth are bounded.
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
    out[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
