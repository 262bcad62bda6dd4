/**
 * Merges userinfo claims under the ID token claims: an ID token value wins unless it is null or absent.
 * Members are copied onto a null-prototype object (a `__proto__` member stays a plain member).
 */
export function mergeClaims(
  idTokenClaims: Readonly<Record<string, unknown>>,
  userInfo: Readonly<Record<string, unknown>> | null,
): Record<string, unknown> {
  const merged = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(userInfo ?? {})) merged[name] = value;
  for (const [name, value] of Object.entries(idTokenClaims)) {
    if (value !== null && value !== undefined) merged[name] = value;
  }
  return merged;
}
