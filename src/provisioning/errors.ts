import { HostError } from 'crm-host/sdk';

/**
 * Why a login is refused after the IdP authenticated the person (registry as data: code -> i18n key,
 * HTTP status, message). Messages never carry claim values, tokens or secrets.
 */
export const PROVISIONING_DENIALS = {
  ERR_OIDC_SUBJECT_INVALID: {
    status: 403,
    key: 'subjectInvalid',
    message: 'The identity provider sent no usable subject (sub: 1 to 255 characters) for this person',
  },
  ERR_OIDC_USERNAME_CLAIM_MISSING: {
    status: 403,
    key: 'usernameClaimMissing',
    message: 'The configured username claim is missing from the identity',
  },
  ERR_OIDC_USERNAME_NOT_STRING: {
    status: 403,
    key: 'usernameNotString',
    message: 'The configured username claim is not a text value',
  },
  ERR_OIDC_USERNAME_EMPTY: { status: 403, key: 'usernameEmpty', message: 'The configured username claim is empty' },
  ERR_OIDC_USERNAME_TOO_LONG: {
    status: 403,
    key: 'usernameTooLong',
    message: 'The user name from the identity provider is longer than the CRM allows',
  },
  ERR_OIDC_USERNAME_TAKEN: {
    status: 403,
    key: 'usernameTaken',
    message: 'The user name belongs to a CRM user who is linked to another identity',
  },
  ERR_OIDC_EMAIL_AMBIGUOUS: {
    status: 403,
    key: 'emailAmbiguous',
    message: 'Several CRM users have this email address; none was linked',
  },
  ERR_OIDC_USER_NOT_FOUND: {
    status: 403,
    key: 'userNotFound',
    message: 'No CRM user matches this identity and user creation is off',
  },
  ERR_OIDC_USER_INACTIVE: { status: 403, key: 'userInactive', message: 'The CRM user is inactive' },
  ERR_OIDC_USER_TYPE_NOT_ALLOWED: {
    status: 403,
    key: 'userTypeNotAllowed',
    message: 'This type of CRM user cannot sign in here',
  },
  ERR_OIDC_ADMIN_NOT_ALLOWED: {
    status: 403,
    key: 'adminNotAllowed',
    message: 'Administrators may not sign in through the identity provider',
  },
  ERR_OIDC_PORTAL_NOT_MEMBER: {
    status: 403,
    key: 'portalNotMember',
    message: 'This portal user has no access to this portal and user creation is off',
  },
  ERR_OIDC_PROVISIONING_CONFLICT: {
    status: 503,
    key: 'provisioningConflict',
    message: 'The user could not be provisioned because of concurrent changes; try again',
  },
  ERR_OIDC_FALLBACK_DISABLED: {
    status: 403,
    key: 'fallbackDisabled',
    message: 'Password sign-in is turned off; use the identity provider',
  },
  ERR_OIDC_REGULAR_FALLBACK_DISABLED: {
    status: 403,
    key: 'regularFallbackDisabled',
    message: 'Password sign-in is allowed for administrators only; use the identity provider',
  },
  ERR_OIDC_FALLBACK_USER_TYPE: {
    status: 403,
    key: 'fallbackUserType',
    message: 'This type of user cannot sign in with a password here',
  },
} as const;

export type ProvisioningDenialCode = keyof typeof PROVISIONING_DENIALS;

/** i18n key of a denial: `Oidc.messages.<key>`. */
export function denialI18nKey(code: ProvisioningDenialCode): string {
  return `Oidc.messages.${PROVISIONING_DENIALS[code].key}`;
}

/** A login refused by the provisioning rules (user matching, creation, policy). */
export class ProvisioningError extends HostError {
  declare readonly code: ProvisioningDenialCode;

  constructor(code: ProvisioningDenialCode, options: { cause?: unknown } = {}) {
    const d = PROVISIONING_DENIALS[code];
    super(code, d.message, { status: d.status, i18nKey: denialI18nKey(code), cause: options.cause });
    this.name = 'ProvisioningError';
  }
}

/** Warnings found while mapping claims; logged for the admin and shown in the test-login report. */
export const PROVISIONING_WARNINGS = {
  WARN_OIDC_GROUPS_OVERAGE:
    'The token says the groups did not fit (Entra ID overage: _claim_names/hasgroups); teams were left unchanged',
  WARN_OIDC_GROUP_CLAIM_ABSENT: 'The group claim is missing from the identity; it counts as no groups',
  WARN_OIDC_GROUP_CLAIM_INVALID: 'The group claim is neither text nor a list; it counts as no groups',
  WARN_OIDC_GROUP_VALUES_IGNORED: 'Some group values were ignored (not text, empty, or longer than 255 characters)',
  WARN_OIDC_GROUPS_TRUNCATED: 'The group claim holds more values than the limit; the rest were ignored',
  WARN_OIDC_RULES_TRUNCATED: 'The team mapping has more rules than the limit; the rest were ignored',
  WARN_OIDC_RULE_INVALID: 'A team mapping rule is invalid (bad pattern, empty team, or too long) and was ignored',
  WARN_OIDC_RULE_UNSAFE:
    'A team mapping pattern can take super-linear time on hostile group values (ReDoS) and was ignored',
  WARN_OIDC_TEAM_UNKNOWN: 'A mapped team does not exist in the CRM and was skipped',
  WARN_OIDC_TEAMS_NOT_CREATED: 'Missing teams were not created: the per-login or total cap was reached',
  WARN_OIDC_CLAIM_IGNORED: 'A profile claim was ignored (not text, or too long for its field)',
} as const;

export type ProvisioningWarningCode = keyof typeof PROVISIONING_WARNINGS;

export interface ProvisioningWarning {
  readonly code: ProvisioningWarningCode;
  /** Counts, setting names, rule positions and team names; never tokens or secrets. */
  readonly detail?: Readonly<Record<string, string | number>>;
}

/**
 * The warning's text with its subject. `base` (a translation) may name details as `{team}`, `{rule}`...;
 * otherwise the details that name the subject are appended: `... (team "Sales", rule 2, group "sales")`.
 */
export function describeWarning(
  warning: ProvisioningWarning,
  base: string = PROVISIONING_WARNINGS[warning.code],
): string {
  const d = warning.detail ?? {};
  if (/\{\w+\}/.test(base)) return base.replace(/\{(\w+)\}/g, (all, key: string) => String(d[key] ?? all));
  const parts: string[] = [];
  if (typeof d['team'] === 'string') parts.push(`team "${d['team']}"`);
  if (typeof d['teams'] === 'string') parts.push(`teams ${d['teams']}`);
  if (d['rule'] !== undefined) parts.push(`rule ${d['rule']}`);
  if (typeof d['rules'] === 'string') parts.push(`rules ${d['rules']}`);
  if (typeof d['group'] === 'string' && d['group'] !== '') parts.push(`group "${d['group']}"`);
  if (typeof d['construct'] === 'string') parts.push(d['construct']);
  return parts.length > 0 ? `${base} (${parts.join(', ')})` : base;
}
