import type { OidcSettings } from '../settings/types.js';
import type { Claims } from './claims.js';
import type { ProvisioningWarning } from './errors.js';
import type { ProfileField } from './field-mapper.js';

/** The settings provisioning reads (an {@link OidcSettings} fits). */
export type ProvisioningSettings = Pick<OidcSettings, 'createMissingTeams' | 'createMissingTeamsMax'> &
  Pick<
    OidcSettings,
    | 'usernameClaim'
    | 'createUser'
    | 'sync'
    | 'syncClearOnNull'
    | 'teams'
    | 'groupClaim'
    | 'syncTeams'
    | 'allowAdminUser'
    | 'fallback'
    | 'allowRegularUserFallback'
    | 'linkByEmail'
  >;

export interface ProvisioningRequest {
  /** Verified ID token claims merged with UserInfo claims. */
  readonly claims: Claims;
  /** The verified `iss` (equal to the configured issuer). */
  readonly issuer: string;
  /** Authentication provider (portal) id; null/undefined for the CRM's own settings. */
  readonly providerId?: string | null;
  /**
   * The portal the login runs in (with a provider): users are `portal` users linked to it, created ones
   * too, and only `portal` users may sign in. Null/undefined: the CRM.
   */
  readonly portalId?: string | null;
  readonly settings: ProvisioningSettings;
  /** Compute the same decision without writing anything (test-login report). */
  readonly dryRun?: boolean;
}

/**
 * - `existing`: found through its identity link;
 * - `linked`: an existing, unlinked user matched by user name (or verified email) and was linked now;
 * - `created`: a new user was created (with its teams and link).
 */
export type ProvisioningAction = 'existing' | 'linked' | 'created';

export interface ProvisioningOutcome {
  readonly action: ProvisioningAction;
  readonly matchedBy: 'link' | 'username' | 'email' | 'none';
  /** The user's id; null in a dry run that would create the user. */
  readonly userId: string | null;
  readonly userName: string;
  readonly dryRun: boolean;
  /** Profile fields whose value changed (or were set on creation). */
  readonly fieldsChanged: readonly ProfileField[];
  /** Teams the rules give this user (names). */
  readonly teamsMapped: readonly string[];
  readonly teamsAdded: readonly string[];
  readonly teamsRemoved: readonly string[];
  /** Teams created by this login (`oidcCreateMissingTeams`; in a dry run: that it would create). */
  readonly teamsCreated?: readonly string[];
  readonly warnings: readonly ProvisioningWarning[];
}
