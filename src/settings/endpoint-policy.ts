import type { OidcSettingProblem } from './errors.js';

/** Host names that are always loopback (RFC 6761 `localhost`, 127.0.0.0/8, ::1). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(host);
}

export interface EndpointPolicyOptions {
  /** `oidcAllowHttp`: development only, lets http reach non-loopback hosts. */
  allowHttp: boolean;
}

/**
 * Checks one configured endpoint. Returns the problem (naming the setting, never the URL) or null.
 * Rules: absolute `https:` URL; `http:` only for loopback hosts unless `allowHttp`; no user
 * credentials in the URL; no fragment (RFC 6749 3.1). Query strings are allowed (they are merged
 * with the protocol parameters).
 */
export function checkEndpoint(
  setting: string,
  value: string,
  options: EndpointPolicyOptions,
): OidcSettingProblem | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { setting, code: 'ERR_OIDC_ENDPOINT_INVALID', detail: 'not an absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { setting, code: 'ERR_OIDC_ENDPOINT_INVALID', detail: 'only http(s) URLs are allowed' };
  }
  if (url.username !== '' || url.password !== '') {
    return { setting, code: 'ERR_OIDC_ENDPOINT_INVALID', detail: 'credentials in the URL are not allowed' };
  }
  if (url.hash !== '' || value.includes('#')) {
    return { setting, code: 'ERR_OIDC_ENDPOINT_INVALID', detail: 'a fragment (#) is not allowed' };
  }
  if (url.protocol === 'http:' && !options.allowHttp && !isLoopbackHost(url.hostname)) {
    return { setting, code: 'ERR_OIDC_ENDPOINT_INSECURE' };
  }
  return null;
}
