import { createPublicKey } from 'node:crypto';
import type { LifecycleScript } from 'crm-host/sdk';

/**
 * Refuses to install on a runtime that lacks what the extension needs: `node:crypto` key objects from
 * JWKs (signature verification, PKCE) and the WHATWG `Headers` class (answers of the HTTP client, which
 * calls the discovery, JWKS, token and userinfo endpoints with `node:http`).
 */
function canImportJwk(): boolean {
  try {
    createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

const beforeInstall: LifecycleScript = (context) => {
  const missing: string[] = [];
  if (!canImportJwk()) missing.push('JWK key import (node:crypto)');
  if (typeof globalThis.Headers !== 'function') missing.push('Headers');
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
