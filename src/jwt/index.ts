/** Public API of the JWT domain (also what third-party algorithm authors code against). */
export type {
  JwsAlgorithm,
  JwsAlgorithmClass,
  JwsAlgorithmImplementation,
  JwtAlgorithmMetadata,
  KeyTypeSpec,
} from './algorithm.js';
export { algorithmContractProblem, isNoneAlg, isSupportedHash, isSymmetric } from './algorithm-contract.js';
export { AlgorithmOptionsProvider, JWT_ALGORITHM_OPTIONS } from './algorithm-options.js';
export { AlgorithmRegistry, type RegisteredAlgorithm } from './algorithm-registry.js';
export { builtInImplementations } from './algorithms/index.js';
export { customAlgorithmDir } from './custom-algorithm-loader.js';
export { JwtError, JWT_ERROR_MESSAGES, JWT_ERROR_STATUS, type JwtErrorCode } from './errors.js';
export type { CallChecks } from './claims.js';
export { DEFAULT_JWKS_OPTIONS, type JwksOptions } from './keys/jwks-options.js';
export { JwksKeySource, type JwksStatus } from './keys/jwks-source.js';
export { JwksSourcePool } from './keys/jwks-pool.js';
export type { KeySource } from './keys/key-source.js';
export { ClientSecretKeySource } from './keys/secret-source.js';
export { StaticKeySource, type StaticKeyInput } from './keys/static-source.js';
export type { VerificationKey } from './keys/verification-key.js';
export { checkAccessTokenHash, tokenHash } from './token-hash.js';
export { TOKEN_KINDS, type TokenKind } from './token-kinds.js';
export { JWT_TYPES } from './tokens.js';
export { JwtVerifier, type VerifiedJwt } from './verifier.js';
export {
  JwtVerifierFactory,
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_MAX_TOKEN_LENGTH,
  type VerifierSettings,
} from './verifier-factory.js';
export { bindJwt, startJwt } from './module.js';
