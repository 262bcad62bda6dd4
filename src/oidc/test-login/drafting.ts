import {
  HostError,
  TYPES,
  type ConfigService,
  type ConfigValue,
  type MetadataService,
  type SettingsChecker,
  type SiteUrl,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import { secretReentryError, secretReentryProblems } from '../../settings/index.js';
import type { OidcSettingsSource } from '../settings-source.js';
import { OIDC_TYPES } from '../tokens.js';
import { readDraftSettings } from './draft-settings-source.js';
import {
  settingsFingerprint,
  type NewTestLoginDraft,
  type TestLoginDraft,
  type TestLoginDraftStore,
} from './drafts.js';
import { TEST_LOGIN_TYPES } from './tokens.js';

type FieldDefs = Record<string, { default?: ConfigValue; readOnly?: boolean; notStorable?: boolean }>;

/** Names of the storable settings fields (what a save compares and the fingerprint covers). */
export function storableSettings(metadata: MetadataService): string[] {
  const defs = metadata.get<FieldDefs>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
  return Object.entries(defs)
    .filter(([, d]) => !d.readOnly && !d.notStorable)
    .map(([n]) => n);
}

/** Saved values (with defaults) merged with a patch, the way the settings API computes `next`. */
export function valuesAfter(
  config: ConfigService,
  metadata: MetadataService,
  patch: Readonly<Record<string, ConfigValue>>,
): Record<string, ConfigValue> {
  const defs = metadata.get<FieldDefs>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
  const out: Record<string, ConfigValue> = {};
  for (const name of storableSettings(metadata)) {
    out[name] = Object.hasOwn(patch, name) ? (patch[name] ?? null) : (config.get(name, defs[name]?.default) ?? null);
  }
  return out;
}

/** Who a draft is for (the fingerprint and the values are computed here). */
export type DraftOwner = Pick<NewTestLoginDraft, 'origin' | 'adminId' | 'adminUserName'>;

/**
 * Creates test-login drafts for the settings page and the CLI alike: the unsaved values pass the settings
 * API's checks (read-only fields, schema, dynamic logic: `TYPES.SettingsChecker`, without the
 * SettingsValidators, since the lockout guard would refuse exactly what a test login is for), then the
 * OIDC settings reader (incomplete settings: `OidcSettingsError` with per-field messages). Refusals are
 * HostErrors with `fields`; nothing is stored then.
 */
@injectable()
export class TestLoginDrafting {
  constructor(
    @inject(TEST_LOGIN_TYPES.DraftStore) private readonly drafts: TestLoginDraftStore,
    @inject(OIDC_TYPES.SettingsSource) private readonly settingsSource: OidcSettingsSource,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.Metadata) private readonly metadata: MetadataService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(TYPES.SettingsChecker) @optional() private readonly checker: SettingsChecker | undefined,
  ) {}

  async create(patch: Readonly<Record<string, ConfigValue>>, owner: DraftOwner): Promise<TestLoginDraft> {
    const problems = (await this.checker?.check(patch, { validators: false })) ?? {};
    if (Object.keys(problems).length > 0) {
      throw new HostError('ERR_SETTINGS_INVALID', `Settings invalid: ${Object.keys(problems).join(', ')}`, {
        status: 400,
        i18nKey: 'Settings.messages.settingsInvalid',
        fields: problems,
      });
    }
    await this.config.refresh();
    // The saved secret/private key is never used with a changed token endpoint, issuer, client ID or
    // authentication method (issue 12: an admin session could otherwise send it to an endpoint of its choice).
    const reentry = secretReentryProblems((name) => this.config.get<ConfigValue>(name), patch);
    if (reentry !== null) throw secretReentryError(reentry);
    const values = valuesAfter(this.config, this.metadata, patch);
    readDraftSettings(values, this.siteUrl.get(), (alg) => this.settingsSource.isSymmetric(alg));
    return this.drafts.create({
      ...owner,
      values,
      fingerprint: settingsFingerprint(values, storableSettings(this.metadata)),
    });
  }
}
