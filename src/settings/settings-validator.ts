import { TYPES, type SettingsChange, type SettingsValidator, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { compileTeamRules, DEFAULT_TEAM_MAPPING_LIMITS } from '../provisioning/team-rules.js';
import { OidcSettingsError } from './errors.js';
import { readOidcSettings } from './read-settings.js';
import type { TeamMappingRule } from './types.js';

/** The method name of this extension in `authenticationMethod`. */
export const OIDC_METHOD = 'Oidc';

/**
 * Refuses, at save time, an OIDC configuration that a sign-in would refuse: what the metadata's dynamic
 * logic cannot express (endpoint transport policy, durations and their limits, the site URL, team rules
 * with a bad regular expression or no team). Runs only while the method is (or becomes) OIDC, on the
 * values after the change. Messages name settings, never values.
 */
@injectable()
export class OidcSettingsValidator implements SettingsValidator {
  constructor(@inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl) {}

  validate(change: SettingsChange): Record<string, string> | null {
    if (change.next['authenticationMethod'] !== OIDC_METHOD) return null;
    const fields: Record<string, string> = {};
    try {
      readOidcSettings({ get: <T>(key: string) => change.next[key] as T | undefined }, this.siteUrl);
    } catch (error) {
      if (!(error instanceof OidcSettingsError)) throw error;
      Object.assign(fields, error.fields);
    }
    const rules = change.next['oidcTeams'];
    if (Array.isArray(rules) && fields['oidcTeams'] === undefined) {
      const { warnings } = compileTeamRules(rules as unknown as TeamMappingRule[], DEFAULT_TEAM_MAPPING_LIMITS);
      const invalid = warnings.find((w) => w.code === 'WARN_OIDC_RULE_INVALID');
      const truncated = warnings.find((w) => w.code === 'WARN_OIDC_RULES_TRUNCATED');
      if (invalid)
        fields['oidcTeams'] =
          `oidcTeams: rule ${String(invalid.detail?.['rules'])} is invalid (bad pattern, empty team, or too long)`;
      else if (truncated) fields['oidcTeams'] = `oidcTeams: at most ${DEFAULT_TEAM_MAPPING_LIMITS.maxRules} rules`;
    }
    return Object.keys(fields).length > 0 ? fields : null;
  }
}
