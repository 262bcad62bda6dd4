import { isIP } from 'node:net';
import { HostError } from '../../sdk/errors.js';

/**
 * Parses the addresses of the reverse proxies / load balancers whose `X-Forwarded-For` (and
 * `X-Forwarded-Proto`/`-Host`) the host believes: a comma-separated list of IPv4/IPv6 addresses or CIDR
 * ranges (`10.0.0.0/8`, `fd00::/8`), or `loopback` for 127.0.0.1/8 and ::1. Empty means none: the socket
 * address is the client (safe default: a client cannot claim another address). Behind a balancer that is
 * not trusted, every request seems to come from the balancer, so the per-address limits (login starts,
 * password attempts, logout refusals) would count all users together.
 */
export function parseTrustedProxies(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === 'loopback') {
      out.push('127.0.0.1/8', '::1/128');
      continue;
    }
    const [address, prefix, ...more] = entry.split('/');
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : 128;
    const okPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (family === 0 || !okPrefix || more.length > 0) {
      throw new HostError(
        'ERR_TRUSTED_PROXY_INVALID',
        `"${entry.slice(0, 60)}" is not an IP address, a CIDR range or "loopback" (trusted proxies)`,
        { status: 400 },
      );
    }
    out.push(entry);
  }
  return out;
}
