import type { LifecycleScript } from 'crm-host/sdk';

/**
 * Refuses to install on a runtime that lacks what the extension needs: WebCrypto (`crypto.subtle`,
 * used for JWT signatures and PKCE) and `fetch` (discovery, JWKS, token endpoint).
 */
const beforeInstall: LifecycleScript = (context) => {
  const missing: string[] = [];
  if (typeof globalThis.crypto?.subtle?.verify !== 'function') missing.push('WebCrypto (crypto.subtle)');
  if (typeof globalThis.fetch !== 'function') missing.push('fetch');
  if (missing.length > 0) {
    throw new Error(`${context.extensionName} needs ${missing.join(' and ')}; use Node.js 20.19 or later`);
  }
  context.logger.info(
    context.isUpgrade
      ? `upgrading ${context.extensionName} from ${context.previousVersion ?? '?'} to ${context.version}`
      : `installing ${context.extensionName} ${context.version}`,
  );
};

export default beforeInstall;
