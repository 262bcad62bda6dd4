import type { ProvisioningSettings } from '../../../../src/provisioning/types.js';

/**
 * The provisioning settings the integration tests share: create users by `preferred_username`, sync the
 * profile and the teams mapped from `groups` (`sales` to Sales, `crm-<name>` to <name>), no fallbacks
 * beyond the defaults. `overrides` replaces single settings.
 */
export function provisioningSettings(overrides: Partial<ProvisioningSettings> = {}): ProvisioningSettings {
  return {
    usernameClaim: 'preferred_username',
    createUser: true,
    sync: true,
    syncClearOnNull: false,
    teams: [
      { group: 'sales', team: 'Sales' },
      { group: '^crm-(.+)$', team: '$1', pattern: true },
    ],
    groupClaim: 'groups',
    syncTeams: true,
    allowAdminUser: false,
    fallback: true,
    allowRegularUserFallback: false,
    linkByEmail: false,
    ...overrides,
  };
}
