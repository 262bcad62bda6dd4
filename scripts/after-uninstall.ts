import type { LifecycleScript } from 'crm-host/sdk';
import { fallBackToPassword } from './lifecycle/auth-method.js';

/**
 * Switches `authenticationMethod` back to `Password` when it was `Oidc`, so that nobody is locked out.
 * The extension's settings values and tables are kept for a later reinstall.
 */
const afterUninstall: LifecycleScript = async (context) => {
  await fallBackToPassword(context.config, context.logger);
};

export default afterUninstall;
