import type { LifecycleScript } from 'crm-host/sdk';
import { OIDC_METHOD } from './lifecycle/auth-method.js';

/** Warns, on a real uninstall, that sign-in will fall back to passwords. Changes nothing itself. */
const beforeUninstall: LifecycleScript = (context) => {
  if (context.isUpgrade) return;
  if (context.config.get<string>('authenticationMethod') === OIDC_METHOD) {
    context.logger.warn(
      `${OIDC_METHOD} is the active authentication method; it will be switched to Password after uninstall`,
    );
  }
};

export default beforeUninstall;
