import { networkInterfaces } from 'node:os';

/**
 * A non-loopback IPv4 address of this machine, or null. An IdP listening there has a plain-http issuer
 * that is not loopback, so the extension reads it only with `oidcAllowHttp` (development opt-in).
 */
export function nonLoopbackAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) return a.address;
    }
  }
  return null;
}
