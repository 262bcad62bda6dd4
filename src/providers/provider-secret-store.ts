import { TYPES, type Persistence, type SecretBox, type SecretStore, type SecretStoreStatus } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { AUTHENTICATION_PROVIDERS_TABLE, AuthenticationProvider } from './entities/AuthenticationProvider.js';
import { PROVIDER_SECRET_FIELDS } from './fields.js';
import { providerSecretContext } from './provider-service.js';

/** The providers' secret fields (client secret, private key), sealed with the host key. */
@injectable()
export class ProviderSecretStore implements SecretStore {
  readonly name = `${AUTHENTICATION_PROVIDERS_TABLE}.values`;

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.SecretBox) private readonly box: SecretBox,
  ) {}

  async status(): Promise<SecretStoreStatus> {
    const providers = await this.persistence.em().find(AuthenticationProvider, {});
    return this.box.countByKey(
      providers.flatMap((provider) =>
        [...PROVIDER_SECRET_FIELDS]
          .map((field) => provider.values[field])
          .filter((value): value is string => typeof value === 'string' && value !== ''),
      ),
    );
  }

  async reseal(): Promise<number> {
    const em = this.persistence.em();
    let changed = 0;
    for (const provider of await em.find(AuthenticationProvider, {})) {
      const values = { ...provider.values };
      let touched = false;
      for (const field of PROVIDER_SECRET_FIELDS) {
        const value = values[field];
        if (typeof value !== 'string' || value === '' || this.box.keyIdOf(value) === this.box.currentKeyId) continue;
        const context = providerSecretContext(provider.id, field);
        try {
          values[field] = this.box.seal(this.box.open(value, context), context);
        } catch {
          continue; // sealed with a key this host lacks
        }
        touched = true;
        changed++;
      }
      if (touched) provider.values = values;
    }
    await em.flush();
    return changed;
  }
}
