/** DI service identifiers of the JWT domain. */
export const JWT_TYPES = {
  /** {@link JwsAlgorithmImplementation}: built-in implementations named by metadata `app.jwtAlgorithms` (multi-binding). */
  AlgorithmImplementation: Symbol.for('oidc-auth.jwt.AlgorithmImplementation'),
  /** {@link AlgorithmRegistry}: every registered JWS algorithm (built-in and custom/). */
  AlgorithmRegistry: Symbol.for('oidc-auth.jwt.AlgorithmRegistry'),
  /** {@link JwksSourcePool}: one shared, cached JWKS source per URI and options. */
  JwksSourcePool: Symbol.for('oidc-auth.jwt.JwksSourcePool'),
  /** {@link JwtVerifierFactory}: builds verifiers from settings. */
  VerifierFactory: Symbol.for('oidc-auth.jwt.VerifierFactory'),
} as const;
