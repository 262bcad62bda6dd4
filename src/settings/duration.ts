/**
 * Durations as admins write them in settings: `"10 minutes"`, `"30 seconds"`, `"1 hour"`, `"2 days"`,
 * or several parts (`"1 hour 30 minutes"`). Units: second, minute, hour, day, singular or plural,
 * case-insensitive. Shared by the settings reader, the metadata tests and the settings schema.
 */
export const DURATION_UNITS_MS: Readonly<Record<string, number>> = Object.freeze({
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
});

/** The pattern a duration string matches (whole string). */
export const DURATION_PATTERN = /^\s*(?:\d{1,9}\s*(?:second|minute|hour|day)s?\s*)+$/i;

const PART = /(\d{1,9})\s*(second|minute|hour|day)s?/gi;

export class DurationSyntaxError extends Error {
  constructor(readonly input: string) {
    super(`"${input.length > 40 ? `${input.slice(0, 40)}...` : input}" is not a duration such as "10 minutes"`);
    this.name = 'DurationSyntaxError';
  }
}

/** Parses a duration to milliseconds. Throws {@link DurationSyntaxError} for anything else. */
export function parseDuration(input: string): number {
  if (typeof input !== 'string' || input.length > 200 || !DURATION_PATTERN.test(input)) {
    throw new DurationSyntaxError(String(input));
  }
  let total = 0;
  for (const match of input.matchAll(PART)) {
    const amount = Number(match[1]);
    const unit = DURATION_UNITS_MS[(match[2] as string).toLowerCase()] as number;
    total += amount * unit;
  }
  if (!Number.isSafeInteger(total)) throw new DurationSyntaxError(input);
  return total;
}

/** Whether `input` is a valid duration string. */
export function isDuration(input: unknown): input is string {
  if (typeof input !== 'string') return false;
  try {
    parseDuration(input);
    return true;
  } catch {
    return false;
  }
}
