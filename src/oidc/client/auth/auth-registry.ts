import { injectable, multiInject } from 'inversify';
import { OidcClientError } from '../errors.js';
import { OIDC_CLIENT_TYPES } from '../tokens.js';
import type { ClientAuthStrategy } from '../types.js';

/** The token endpoint authentication methods, keyed by name (a later binding of the same name wins). */
@injectable()
export class ClientAuthRegistry {
  private readonly byMethod = new Map<string, ClientAuthStrategy>();

  constructor(@multiInject(OIDC_CLIENT_TYPES.ClientAuthStrategy) strategies: ClientAuthStrategy[]) {
    for (const strategy of strategies) this.byMethod.set(strategy.method, strategy);
  }

  methods(): string[] {
    return [...this.byMethod.keys()].sort();
  }

  get(method: string): ClientAuthStrategy {
    const strategy = this.byMethod.get(method);
    if (strategy === undefined)
      throw new OidcClientError('ERR_OIDC_CLIENT_AUTH_METHOD_UNSUPPORTED', { detail: method });
    return strategy;
  }
}
