import type { ConfigService, Logger } from 'crm-host/sdk';

/** The authentication method this extension adds (metadata `authenticationMethods.Oidc`). */
export const OIDC_METHOD = 'Oidc';
/** The host's own method, always available. */
export const PASSWORD_METHOD = 'Password';

/**
 * When the active method is the one this extension provides, switches back to `Password` so that
 * nobody is locked out once the extension is gone. Returns whether it switched. Idempotent.
 */
export async function fallBackToPassword(config: ConfigService, logger: Logger): Promise<boolean> {
  if (config.get<string>('authenticationMethod') !== OIDC_METHOD) return false;
  await config.set({ authenticationMethod: PASSWORD_METHOD });
  logger.warn(
    `authenticationMethod was ${OIDC_METHOD}; switched back to ${PASSWORD_METHOD} so that users can still sign in`,
  );
  return true;
}
