import { HostError } from 'crm-host/sdk';

/** Stable codes of OIDC configuration problems found when the settings are read. */
export const OIDC_SETTINGS_ERRORS = {
  /** A setting the login needs is empty. */
  ERR_OIDC_SETTING_MISSING: { i18nKey: 'Oidc.messages.settingMissing', text: 'is not set' },
  /** A setting has a value of the wrong type or out of range. */
  ERR_OIDC_SETTING_INVALID: { i18nKey: 'Oidc.messages.settingInvalid', text: 'has an invalid value' },
  /** An endpoint is not an absolute http(s) URL, or carries credentials or a fragment. */
  ERR_OIDC_ENDPOINT_INVALID: { i18nKey: 'Oidc.messages.endpointInvalid', text: 'is not a valid endpoint URL' },
  /** An endpoint uses plain http on a non-loopback host while `oidcAllowHttp` is off. */
  ERR_OIDC_ENDPOINT_INSECURE: {
    i18nKey: 'Oidc.messages.endpointInsecure',
    text: 'must use https (plain http is allowed only for loopback hosts, or with oidcAllowHttp)',
  },
} as const;

export type OidcSettingsErrorCode = keyof typeof OIDC_SETTINGS_ERRORS;

export interface OidcSettingProblem {
  /** The config key, e.g. `oidcTokenEndpoint`. */
  readonly setting: string;
  readonly code: OidcSettingsErrorCode;
  /** Extra detail that never contains a setting's value. */
  readonly detail?: string;
}

/**
 * The OIDC configuration cannot be used. Names every problem setting (never a value: secrets must not
 * leak, and URLs may carry tokens). `code` is the first problem's code; `fields` maps each setting to
 * its message; `problems` lists them all. Status 503: logins by OIDC are unavailable until an admin
 * fixes the settings (never a 500).
 */
export class OidcSettingsError extends HostError {
  readonly problems: readonly OidcSettingProblem[];

  constructor(problems: readonly OidcSettingProblem[]) {
    if (problems.length === 0) throw new Error('OidcSettingsError needs at least one problem');
    const first = problems[0] as OidcSettingProblem;
    const fields: Record<string, string> = {};
    for (const p of problems) fields[p.setting] ??= describe(p);
    super(first.code, `OIDC settings are incomplete or invalid: ${Object.values(fields).join('; ')}`, {
      status: 503,
      i18nKey: OIDC_SETTINGS_ERRORS[first.code].i18nKey,
      fields,
    });
    this.name = 'OidcSettingsError';
    this.problems = problems;
  }

  /** The first problem's setting. */
  get setting(): string {
    return (this.problems[0] as OidcSettingProblem).setting;
  }
}

function describe(p: OidcSettingProblem): string {
  const base = `${p.setting} ${OIDC_SETTINGS_ERRORS[p.code].text}`;
  return p.detail ? `${base} (${p.detail})` : base;
}
