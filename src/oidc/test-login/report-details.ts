import { HostError } from 'crm-host/sdk';

/** A warning of the report: its code, its text (subject filled in) and its subject (which team, claim...). */
export interface ReportWarning {
  readonly code: string;
  readonly message: string;
  /** What the warning is about: team names, claim names, counts (never tokens or secrets). */
  readonly detail?: Readonly<Record<string, string | number>>;
}

/** Why a test login did not get through. */
export interface ReportDenial {
  readonly code: string;
  readonly message: string;
  /** The OAuth `error` code the identity provider answered (e.g. `invalid_client`), when it answered one. */
  readonly idpError?: string | null;
}

/** `{name}` placeholders of `text` filled from `detail`; the names used. */
function fill(text: string, detail: Readonly<Record<string, string | number>>): { text: string; used: Set<string> } {
  const used = new Set<string>();
  const filled = text.replace(/\{(\w+)\}/g, (match, name: string) => {
    if (!Object.hasOwn(detail, name)) return match;
    used.add(name);
    return String(detail[name]);
  });
  return { text: filled, used };
}

/**
 * A report warning: the translated text with its placeholders filled, and whatever of `detail` the text
 * does not name appended as `(teams: Sales; claim: groups)`, so every warning names its subject.
 */
export function reportWarning(
  warning: { code: string; detail?: Readonly<Record<string, string | number>> },
  text: string,
  detailLabel: (key: string) => string,
): ReportWarning {
  const detail = warning.detail ?? {};
  const { text: filled, used } = fill(text, detail);
  const rest = Object.entries(detail).filter(([key]) => !used.has(key));
  const message = rest.length
    ? `${filled} (${rest.map(([key, value]) => `${detailLabel(key)}: ${String(value)}`).join('; ')})`
    : filled;
  return warning.detail ? { code: warning.code, message, detail: { ...detail } } : { code: warning.code, message };
}

/** The OAuth error code of a flow failure: the token endpoint's (`oauthError`) or the callback's (`idpError`). */
export function idpErrorOf(error: unknown): string | null {
  if (!HostError.is(error)) return null;
  const e = error as HostError & { oauthError?: unknown; idpError?: unknown };
  if (typeof e.oauthError === 'string' && e.oauthError !== '') return e.oauthError;
  if (typeof e.idpError === 'string' && e.idpError !== '') return e.idpError;
  return null;
}
