// Reason codes shown on the login page (`/?error=<code>`): which i18n keys may explain a code, in order.
// No DOM here (the i18n completeness test imports this module in Node).

/** Codes that are notices rather than failures (no "Sign-in failed" heading). */
export const NOTICE_CODES = new Set(['ERR_AUTH_REQUIRED']);

/** A reason code as the login page accepts it; anything else is shown as unknown. */
export function isReasonCode(code) {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,79}$/.test(code);
}

/**
 * The extension's convention for refusal codes: ERR_OIDC_USER_NOT_FOUND -> Oidc.messages.userNotFound
 * (provisioning denials and settings problems; pinned by the i18n completeness test).
 */
export function oidcCodeMessageKey(code) {
  const m = /^ERR_OIDC_([A-Z0-9_]+)$/.exec(code);
  if (!m) return null;
  const words = m[1].toLowerCase().split('_').filter(Boolean);
  return `Oidc.messages.${words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('')}`;
}

/** Candidate i18n keys for a code, most specific first: the host's login messages, OIDC errors, the convention. */
export function reasonKeys(code) {
  if (!isReasonCode(code)) return [];
  return [`Login.messages.${code}`, `Oidc.errors.${code}`, oidcCodeMessageKey(code)].filter(Boolean);
}
