import {
  TYPES,
  type ConfigService,
  type I18nService,
  type MetadataService,
  type SettingsChange,
  type SettingsValidator,
} from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { isLoginSetting, settingsFingerprint } from './drafts.js';
import { storableSettings } from './drafting.js';
import { TEST_LOGIN_PROOF_KEY } from './tokens.js';

/**
 * Lockout guard: with OIDC active and the admin password fallback off, administrators can only sign in
 * through the identity provider. Such a save (turning the fallback off, or changing login settings while
 * it is off) is refused unless an admin completed a successful test login with exactly these settings
 * (the recorded fingerprint). Turning OIDC for admins off with the fallback off is already refused by the
 * metadata rule `oidcAdminLockout`.
 */
@injectable()
export class LockoutGuard implements SettingsValidator {
  constructor(
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.Metadata) private readonly metadata: MetadataService,
    @inject(TYPES.I18n) private readonly i18n: I18nService,
  ) {}

  validate(change: SettingsChange): Record<string, string> | null {
    const { next, current, patch } = change;
    if (next['authenticationMethod'] !== 'Oidc' || next['oidcFallback'] !== false) return null;
    const touchesLogin = Object.keys(patch).some(
      (k) => isLoginSetting(k) && JSON.stringify(patch[k]) !== JSON.stringify(current[k] ?? null),
    );
    if (!touchesLogin) return null;
    const names = storableSettings(this.metadata);
    const fingerprint = settingsFingerprint(next, names);
    const proof = this.config.get<Record<string, string>>(TEST_LOGIN_PROOF_KEY);
    if (proof && typeof proof === 'object' && proof['fingerprint'] === fingerprint) return null;
    return { oidcFallback: this.i18n.translate('Settings', 'messages', 'oidcLockoutNeedsTestLogin') };
  }
}
