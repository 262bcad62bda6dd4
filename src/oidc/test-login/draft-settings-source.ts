import type { ConfigValue } from 'crm-host/sdk';
import { readOidcSettings } from '../../settings/read-settings.js';
import type { OidcSettings } from '../../settings/types.js';
import type { OidcSettingsSource, SettingsReadContext } from '../settings-source.js';
import type { TestLoginDraftStore } from './drafts.js';

/** Reads the OIDC settings of a set of values (a draft) the way the saved ones are read. */
export function readDraftSettings(
  values: Readonly<Record<string, ConfigValue>>,
  siteUrl: string,
  isSymmetric: (alg: string) => boolean,
): OidcSettings {
  const reader = {
    get: <T extends ConfigValue = ConfigValue>(key: string, fallback?: T): T | undefined =>
      (Object.hasOwn(values, key) && values[key] !== null ? values[key] : fallback) as T | undefined,
  };
  return readOidcSettings(reader, siteUrl, { isSymmetricAlgorithm: isSymmetric });
}

/**
 * The settings source of the flow, draft-aware: a transaction whose providerId names a test-login draft
 * (`t:<id>`) reads the draft's (unsaved) values from the shared store, so any host process can start or
 * finish it; every other login reads the saved settings (no database read).
 */
export class DraftAwareSettingsSource implements OidcSettingsSource {
  constructor(
    private readonly inner: OidcSettingsSource,
    private readonly drafts: TestLoginDraftStore,
    private readonly siteUrl: () => string,
  ) {}

  async read(providerId?: string | null, context?: SettingsReadContext): Promise<OidcSettings> {
    const draft = await this.drafts.fromProviderId(providerId);
    if (!draft) return this.inner.read(providerId, context);
    return readDraftSettings(draft.values, this.siteUrl(), (alg) => this.inner.isSymmetric(alg));
  }

  isActive(): boolean {
    return this.inner.isActive();
  }

  isSymmetric(alg: string): boolean {
    return this.inner.isSymmetric(alg);
  }
}
