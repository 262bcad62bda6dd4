import {
  CLI_SETTINGS_ACTOR,
  HostError,
  type ConfigValue,
  type SettingsChange,
  type SettingsValidator,
} from 'crm-host/sdk';
import { injectable } from 'inversify';

/** The stored credentials of the client (never shown, never sent anywhere but the configured IdP). */
export const CLIENT_SECRET_SETTINGS = ['oidcClientSecret', 'oidcClientPrivateKey'] as const;

/**
 * Settings that decide WHERE and FOR WHOM a stored credential is used: the token endpoint it is sent to,
 * the issuer it is meant for, the client it belongs to and how it is presented. Changing one of them
 * requires re-entering the credential (as mature admin UIs do), so an admin session cannot redirect the
 * saved secret to an endpoint of its choosing.
 */
export const SECRET_BINDING_SETTINGS = [
  'oidcTokenEndpoint',
  'oidcIssuer',
  'oidcClientId',
  'oidcTokenEndpointAuthMethod',
] as const;

/** Code of the refusal (settings save and test-login draft alike). */
export const SECRET_REENTRY_CODE = 'ERR_OIDC_SECRET_REENTRY_REQUIRED';

const isSet = (value: ConfigValue | undefined): boolean => typeof value === 'string' && value !== '';
const same = (a: ConfigValue | undefined, b: ConfigValue | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Per-field messages when `patch` changes a binding setting while a saved credential would be kept
 * (set before, not re-entered or cleared by the patch); null when nothing is refused.
 */
export function secretReentryProblems(
  saved: (name: string) => ConfigValue | undefined,
  patch: Readonly<Record<string, ConfigValue>>,
): Record<string, string> | null {
  const changed = SECRET_BINDING_SETTINGS.filter(
    (name) => Object.hasOwn(patch, name) && !same(patch[name], saved(name)),
  );
  if (changed.length === 0) return null;
  const fields: Record<string, string> = {};
  for (const secret of CLIENT_SECRET_SETTINGS) {
    if (!isSet(saved(secret)) || Object.hasOwn(patch, secret)) continue;
    fields[secret] =
      `${SECRET_REENTRY_CODE}: re-enter ${secret} (or clear it): ${changed.join(', ')} changed, and the saved ` +
      'value is never used with a changed token endpoint, issuer, client ID or authentication method';
  }
  return Object.keys(fields).length > 0 ? fields : null;
}

/** The refusal as a HostError with `fields` (test-login drafts). */
export function secretReentryError(fields: Record<string, string>): HostError {
  return new HostError(
    SECRET_REENTRY_CODE,
    `Re-enter ${Object.keys(fields).join(' and ')}: a setting it is bound to changed`,
    { status: 400, i18nKey: 'Oidc.messages.secretReentryRequired', fields },
  );
}

/**
 * Settings save (API, settings form): refuses a change of a binding setting that keeps a saved credential.
 * `crm-host config set` (one key at a time, run by whoever has the instance's files and could read the
 * secret anyway) is not refused: it could otherwise never change the token endpoint while a secret that
 * the method needs is saved.
 */
@injectable()
export class SecretBindingValidator implements SettingsValidator {
  validate(change: SettingsChange): Record<string, string> | null {
    if (change.actor.userName === CLI_SETTINGS_ACTOR) return null;
    return secretReentryProblems((name) => change.current[name], change.patch);
  }
}
