import type { ConfigValue } from './config.js';
import type { User } from './entities/User.js';

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
}
