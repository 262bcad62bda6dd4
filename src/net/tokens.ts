/** DI service identifiers of the bounded HTTP client. */
export const NET_TYPES = {
  /** {@link HttpClient}: bounded outgoing HTTP (timeout, size cap, no redirects, JSON). */
  HttpClient: Symbol.for('oidc-auth.net.HttpClient'),
} as const;
