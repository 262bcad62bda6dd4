import type { FieldOptionsProvider } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { AlgorithmRegistry } from './algorithm-registry.js';
import { JWT_TYPES } from './tokens.js';

/** The `optionsProvider` name of the algorithm settings fields (`metadata/entityDefs/Settings.json`). */
export const JWT_ALGORITHM_OPTIONS = 'oidc-auth.jwtAlgorithms';

/**
 * The allowed values of the algorithm settings (`oidcJwtSignatureAlgorithmList`,
 * `oidcClientAssertionAlgorithm`): every registered algorithm, built-in and from `custom/jwt/algorithms/`.
 * The host asks for them when it validates a save or `crm-host config set` and when it serves metadata to
 * forms, so a class dropped into `custom/` is enough: no metadata entry is needed.
 */
@injectable()
export class AlgorithmOptionsProvider implements FieldOptionsProvider {
  readonly name = JWT_ALGORITHM_OPTIONS;

  constructor(@inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry) {}

  options(): readonly string[] {
    return this.registry.names();
  }
}
