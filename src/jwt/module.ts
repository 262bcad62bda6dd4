import { TYPES } from 'crm-host/sdk';
import type { ContainerModuleLoadOptions } from 'inversify';
import { AlgorithmOptionsProvider } from './algorithm-options.js';
import { bindNet } from '../net/module.js';
import { AlgorithmRegistry } from './algorithm-registry.js';
import { builtInImplementations } from './algorithms/index.js';
import { JwtAlgorithmsCommand } from './cli/algorithms-command.js';
import { JwksSourcePool } from './keys/jwks-pool.js';
import { JWT_TYPES } from './tokens.js';
import { JwtVerifierFactory } from './verifier-factory.js';

/**
 * Binds the JWT domain (and the bounded HTTP client it needs, unless bound already). After the container
 * is complete, call `registry.loadCustom()` once (see {@link startJwt}) to add custom/ algorithms.
 */
export function bindJwt(options: ContainerModuleLoadOptions): void {
  bindNet(options);
  for (const implementation of builtInImplementations()) {
    options.bind(JWT_TYPES.AlgorithmImplementation).toConstantValue(implementation);
  }
  options.bind(JWT_TYPES.AlgorithmRegistry).to(AlgorithmRegistry).inSingletonScope();
  // The options of the algorithm settings come from the registry (custom/ classes included).
  options.bind(TYPES.FieldOptionsProvider).to(AlgorithmOptionsProvider).inSingletonScope();
  options.bind(TYPES.CliCommand).to(JwtAlgorithmsCommand).inSingletonScope();
  options.bind(JWT_TYPES.JwksSourcePool).to(JwksSourcePool).inSingletonScope();
  options.bind(JWT_TYPES.VerifierFactory).to(JwtVerifierFactory).inSingletonScope();
}

/** Extension start hook of the domain: loads `<custom>/jwt/algorithms/*.js`. */
export async function startJwt(services: { get<T>(id: symbol): T }): Promise<void> {
  await services.get<AlgorithmRegistry>(JWT_TYPES.AlgorithmRegistry).loadCustom();
}
