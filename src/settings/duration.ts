/**
 * Durations as stored in settings: `"10 minutes"`, `"30 seconds"`, `"1 hour"`, `"2 days"` (units second,
 * minute, hour, day; singular or plural; case-insensitive). A bare non-negative whole number (a number or
 * digits) means seconds, as in the host's settings schema, so `crm-host config set` with `600` works too.
 * Shared by the settings reader and the tests.
 */
export const DURATION_UNITS_MS: Readonly<Record<string, number>> = Object.freeze({
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
});

/** The pattern a duration string with a unit matches (whole string). */
export const DURATION_PATTERN = /^\s*(\d{1,9})\s*(second|minute|hour|day)s?\s*$/i;

const SECONDS = /^\s*(\d{1,9})\s*$/;

export class DurationSyntaxError extends Error {
  constructor(readonly input: string) {
    super(`"${input.length > 40 ? `${input.slice(0, 40)}...` : input}" is not a duration such as "10 minutes"`);
    this.name = 'DurationSyntaxError';
  }
}

/** Parses a duration to milliseconds. Throws {@link DurationSyntaxError} for anything else. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && input >= 0 && input <= 999_999_999) return input * 1_000;
    throw new DurationSyntaxError(String(input));
  }
  if (typeof input !== 'string') throw new DurationSyntaxError(String(input));
  const seconds = SECONDS.exec(input);
  if (seconds) return Number(seconds[1]) * 1_000;
  const match = DURATION_PATTERN.exec(input);
  if (!match) throw new DurationSyntaxError(input);
  return Number(match[1]) * (DURATION_UNITS_MS[(match[2] as string).toLowerCase()] as number);
}

/** Whether `input` is a valid duration. */
export function isDuration(input: unknown): input is string | number {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    parseDuration(input);
    return true;
  } catch {
    return false;
  }
}
