/**
 * Durations as stored in settings: `"30 seconds"`, `"10 minutes"`, `"1 hour"`, `"2 days"` (units second,
 * minute, hour, day; singular or plural). A bare non-negative integer (number or digits) means seconds,
 * so `crm-host config set authTokenLifetime 3600` works too.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

const PATTERN = /^\s*(\d{1,9})\s*(second|minute|hour|day)s?\s*$/i;

/** Milliseconds, or null when `value` is not a duration. */
export function parseDuration(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value * 1000 : null;
  if (typeof value !== 'string') return null;
  if (/^\s*\d{1,9}\s*$/.test(value)) return Number(value) * 1000;
  const match = PATTERN.exec(value);
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2].toLowerCase()];
}

export function isDuration(value: unknown): boolean {
  return parseDuration(value) !== null;
}
