import type { Container } from 'inversify';
import type { Logger } from '../../sdk/logger.js';
import type { SecretStore } from '../../sdk/secrets.js';
import { TYPES } from '../../sdk/tokens.js';

export function secretStores(container: Container): SecretStore[] {
  return container.isBound(TYPES.SecretStore) ? container.getAll<SecretStore>(TYPES.SecretStore) : [];
}

/**
 * Re-seals, in every {@link SecretStore}, the values in clear or under a key other than the current one.
 * Runs at boot (so adding a new key last in the key ring and restarting re-encrypts everything) and from
 * `crm-host secrets reencrypt`. A store that fails is logged and skipped. Returns how many values changed.
 */
export async function resealSecrets(
  container: Container,
  logger: Logger,
  progress?: (store: string, changed: number) => void,
): Promise<number> {
  let total = 0;
  for (const store of secretStores(container)) {
    try {
      const changed = await store.reseal();
      total += changed;
      progress?.(store.name, changed);
      if (changed > 0) logger.info('Secrets sealed with the current host key', { store: store.name, count: changed });
    } catch (error) {
      logger.error('Secrets of a store could not be re-sealed', {
        store: store.name,
        reason: (error as { code?: string }).code ?? 'ERR_SECRET_RESEAL_FAILED',
        message: (error as Error).message,
      });
    }
  }
  return total;
}
