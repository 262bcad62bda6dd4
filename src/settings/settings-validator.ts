import { TYPES, type SettingsChange, type SettingsValidator, type SiteUrl } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { saveVerdict } from '../provisioning/pattern-safety.js';
import { compileTeamRules, DEFAULT_TEAM_MAPPING_LIMITS } from '../provisioning/team-rules.js';
import { OidcSettingsError } from './errors.js';
import { readOidcSettings } from './read-settings.js';
import type { TeamMappingRule } from './types.js';

/** The method name of this extension in `authenticationMethod`. */
export const OIDC_METHOD = 'Oidc';

/**
 * Refuses, at save time, an OIDC configuration that a sign-in would refuse: what the metadata's dynamic
 * logic cannot express (endpoint transport policy, durations and their limits, the site URL, team rules
 * with a bad regular expression or no team, patterns a ReDoS analyser flags). Runs only while the method
 * is (or becomes) OIDC, on the values after the change. Messages name settings (and the admin's own
 * rule, position and the construct that backtracks), never secrets.
 */
@injectable()
export class OidcSettingsValidator implements SettingsValidator {
  constructor(@inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl) {}

  /** Synchronous unless pattern rules need the ReDoS analyser (then a promise). */
  validate(change: SettingsChange): Promise<Record<string, string> | null> | Record<string, string> | null {
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
      else if ((rules as unknown as TeamMappingRule[]).some((r) => r.pattern === true)) {
        return unsafePattern(rules as unknown as TeamMappingRule[]).then((unsafe) => {
          if (unsafe) fields['oidcTeams'] = unsafe;
          return Object.keys(fields).length > 0 ? fields : null;
        });
      }
    }
    return Object.keys(fields).length > 0 ? fields : null;
  }
}

/**
 * The first pattern rule that can take super-linear time on a hostile group value (ReDoS), as a message
 * naming the rule, its pattern and the construct (`nested quantifier (a+)+`); null when all are safe.
 * Only patterns that changed cost time: verdicts are cached per process.
 */
async function unsafePattern(rules: readonly TeamMappingRule[]): Promise<string | null> {
  const patterns = rules.flatMap((rule, i) => (rule.pattern === true ? [{ position: i + 1, source: rule.group }] : []));
  const verdicts = await Promise.all(patterns.map((p) => saveVerdict(p.source)));
  const index = verdicts.findIndex((v) => !v.safe);
  if (index < 0) return null;
  const { position, source } = patterns[index] as { position: number; source: string };
  const verdict = verdicts[index]!;
  const time = verdict.complexity === 'unknown' ? 'super-linear' : verdict.complexity;
  return (
    `oidcTeams: rule ${position}: the pattern ${JSON.stringify(source)} can take ${time} time on hostile ` +
    `group values (ReDoS): ${verdict.construct}. Rewrite it without that construct (e.g. ^(a+)+$ as ^a+$)`
  );
}
