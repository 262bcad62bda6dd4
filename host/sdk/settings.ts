import type { ConfigValue } from './config.js';
import type { User } from './entities/User.js';

/**
 * `userName` of the actor of settings changes made from the command line (`crm-host config set`): an admin
 * that is never saved. Validators may treat it apart (whoever runs the CLI has the instance's files).
 */
export const CLI_SETTINGS_ACTOR = 'crm-host-cli';

export interface SettingsChange {
  /** Current saved values. */
  readonly current: Readonly<Record<string, ConfigValue>>;
  /** The values after the change (current merged with the patch). */
  readonly next: Readonly<Record<string, ConfigValue>>;
  /** Only the keys being changed. */
  readonly patch: Readonly<Record<string, ConfigValue>>;
  /** The admin making the change. */
  readonly actor: User;
}

/**
 * Extension point: checks a settings change after schema and metadata dynamic-logic validation and
 * before it is saved. Return per-field messages to refuse (nothing is saved).
 */
export interface SettingsValidator {
  validate(change: SettingsChange): Promise<Record<string, string> | null> | Record<string, string> | null;
  /**
   * Optional: after every check passed, just before saving, the values to save instead of some of the
   * patch's (e.g. ids resolved from names). Only keys already in the patch are taken; null: no change.
   * Not run by `SettingsChecker.check` (nothing is saved there).
   */
  normalize?(change: SettingsChange): Promise<Record<string, ConfigValue> | null> | Record<string, ConfigValue> | null;
}

/**
 * The settings API's checks without saving (`TYPES.SettingsChecker`, bound by the host): for commands and
 * dry runs that take settings values (e.g. a test login with unsaved settings) and must refuse exactly
 * what a save would refuse, with the same per-field messages.
 */
export interface SettingsChecker {
  /**
   * Reads command-line text for a Settings field the way `crm-host config set` does: as JSON when that
   * reading is valid for the field, else as plain text. Throws `ERR_SETTINGS_INVALID` (status 400, `fields`)
   * for an unknown field or an invalid value.
   */
  parse(field: string, text: string): ConfigValue;
  /**
   * Per-field messages for `patch` applied over the saved values (empty: valid); nothing is saved. Runs
   * read-only fields, the JSON schema and the dynamic logic; the bound SettingsValidators only with
   * `validators: true` (they may refuse what a dry run exists to prove, e.g. a lockout guard).
   */
  check(
    patch: Readonly<Record<string, ConfigValue>>,
    options?: { actor?: User; language?: string; validators?: boolean },
  ): Promise<Record<string, string>>;
}

/**
 * Extension point (`TYPES.FieldOptionsProvider`, multi-binding): the allowed values of `enum`/`multiEnum`
 * Settings fields whose metadata names this provider (`"optionsProvider": "<name>"`), for values that live
 * in a service rather than in metadata (e.g. a registry filled at start). The host uses them everywhere a
 * field's options matter: the settings API's schema, `crm-host config set`, `TYPES.SettingsChecker` and
 * `GET /api/v1/Metadata` (where they appear as the field's `options`, so forms list them). A field's
 * static `options` win over a provider; without a bound provider of that name, `optionsPath` applies.
 */
export interface FieldOptionsProvider {
  /** The name metadata refers to, e.g. `oidc-auth.jwtAlgorithms`. */
  readonly name: string;
  /** The current allowed values (called per validation; keep it cheap). */
  options(): readonly string[];
}
