import type { ConfigService, ConfigValue } from 'crm-host/sdk';
import { OIDC_SETTING_DEFAULTS } from './defaults.js';
import { parseDuration } from './duration.js';
import type { OidcSettingProblem } from './errors.js';
import type { TeamMappingRule } from './types.js';

export type ConfigReader = Pick<ConfigService, 'get'>;

/**
 * Reads config values by key with their defaults, type-checks them and collects problems (one per
 * setting) instead of throwing at the first, so the admin sees every mistake at once.
 */
export class SettingValues {
  readonly problems: OidcSettingProblem[] = [];

  constructor(private readonly config: ConfigReader) {}

  private raw(key: string): ConfigValue | undefined {
    const value = this.config.get(key);
    return value === undefined ? OIDC_SETTING_DEFAULTS[key] : value;
  }

  problem(setting: string, code: OidcSettingProblem['code'], detail?: string): void {
    if (!this.problems.some((p) => p.setting === setting)) this.problems.push({ setting, code, detail });
  }

  /** A trimmed non-empty string, or null when empty/unset. */
  optionalString(key: string): string | null {
    const value = this.raw(key);
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', 'expected text');
      return null;
    }
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }

  /** Like {@link optionalString} but records `ERR_OIDC_SETTING_MISSING` when empty. */
  requiredString(key: string): string {
    const value = this.optionalString(key);
    if (value === null) {
      this.problem(key, 'ERR_OIDC_SETTING_MISSING');
      return '';
    }
    return value;
  }

  bool(key: string): boolean {
    const value = this.raw(key);
    if (typeof value === 'boolean') return value;
    if (value === null || value === undefined) return OIDC_SETTING_DEFAULTS[key] === true;
    this.problem(key, 'ERR_OIDC_SETTING_INVALID', 'expected true or false');
    return OIDC_SETTING_DEFAULTS[key] === true;
  }

  optionalInt(key: string, min: number, max: number): number | null {
    const value = this.raw(key);
    if (value === null || value === undefined || value === '') return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', `expected a whole number from ${min} to ${max}`);
      return null;
    }
    return value;
  }

  durationMs(key: string, maxMs: number): number {
    const value = this.raw(key) ?? OIDC_SETTING_DEFAULTS[key];
    const fallback = parseDuration(OIDC_SETTING_DEFAULTS[key] as string);
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', 'expected a duration such as "10 minutes"');
      return fallback;
    }
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', 'expected a duration such as "10 minutes"');
      return fallback;
    }
    if (ms > maxMs) {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', `at most ${maxMs / 1000} seconds`);
      return fallback;
    }
    return ms;
  }

  oneOf<T extends string>(key: string, options: readonly T[]): T {
    const value = this.raw(key);
    if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T;
    if (value !== null && value !== undefined)
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', `expected one of ${options.join(', ')}`);
    return OIDC_SETTING_DEFAULTS[key] as T;
  }

  /** An array of non-empty strings (trimmed, duplicates removed). */
  stringList(key: string): string[] {
    const value = this.raw(key);
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', 'expected a list of text values');
      return [];
    }
    return [...new Set((value as string[]).map((v) => v.trim()).filter((v) => v !== ''))];
  }

  teamMapping(key: string): TeamMappingRule[] {
    const value = this.raw(key);
    if (value === null || value === undefined) return [];
    const valid =
      Array.isArray(value) &&
      value.every(
        (r) =>
          typeof r === 'object' &&
          r !== null &&
          !Array.isArray(r) &&
          typeof r['group'] === 'string' &&
          typeof r['team'] === 'string' &&
          (r['pattern'] === undefined || r['pattern'] === null || typeof r['pattern'] === 'boolean') &&
          (r['teamId'] === undefined || r['teamId'] === null || typeof r['teamId'] === 'string'),
      );
    if (!valid) {
      this.problem(key, 'ERR_OIDC_SETTING_INVALID', 'expected a list of { group, team, teamId?, pattern? } rules');
      return [];
    }
    return (value as Array<Record<string, ConfigValue>>).map((r) => ({
      group: r['group'] as string,
      team: r['team'] as string,
      ...(typeof r['teamId'] === 'string' && r['teamId'] !== '' ? { teamId: r['teamId'] } : {}),
      ...(r['pattern'] === true ? { pattern: true } : {}),
    }));
  }
}
