import fc from 'fast-check';
import { FuzzFinding } from '../jwt/jwt-target.js';
import type { LogoutTarget as HostTarget } from '../logout/logout-target.js';
import { HANG_MS, type Tally } from '../support/bounds.js';

/** How the callback request deviates from the one the IdP's redirect would produce. */
export interface CallbackRecipe {
  /** Per parameter: keep, drop, duplicate, or replace with a value. */
  readonly state: ParamChange;
  readonly code: ParamChange;
  readonly iss: ParamChange;
  /** Extra parameters (names may be forbidden ones: id_token, token, response, __proto__...). */
  readonly extra: readonly (readonly [string, string])[];
  /** Raw text appended to the query string (broken percent-encoding, separators). */
  readonly rawTail: string;
  readonly cookie: 'keep' | 'drop' | 'other';
  readonly method: 'GET' | 'POST' | 'HEAD';
}

export type ParamChange =
  | { readonly kind: 'keep' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'replace'; readonly value: string };

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer({ min: 100, max: 8_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('', ' ', '%', '%zz', '\u0000', '<script>', 'access_denied', 'server_error'),
);
const change: fc.Arbitrary<ParamChange> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'keep' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: text.map((value) => ({ kind: 'replace' as const, value })) },
);
const extraName = fc.oneof(
  fc.constantFrom(
    'error',
    'error_description',
    'error_uri',
    'id_token',
    'token',
    'access_token',
    'response',
    'session_state',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 12 }),
);

export const callbackRecipe: fc.Arbitrary<CallbackRecipe> = fc.record({
  state: change,
  code: change,
  iss: change,
  extra: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(extraName, text), { minLength: 1, maxLength: 3 }) },
  ),
  rawTail: fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('&', '&&=', '&%', '&a[b]=1', '&=x', '#frag', '&state') },
  ),
  cookie: fc.oneof(
    { weight: 6, arbitrary: fc.constant('keep' as const) },
    { weight: 1, arbitrary: fc.constantFrom('drop' as const, 'other' as const) },
  ),
  method: fc.oneof(
    { weight: 8, arbitrary: fc.constant('GET' as const) },
    { weight: 1, arbitrary: fc.constantFrom('POST' as const, 'HEAD' as const) },
  ),
});

/**
 * state, code and iss reach the host exactly as the IdP sent them, with the browser's own cookie. HEAD
 * counts as GET here (it once went through the GET handler and consumed the transaction; the flow now
 * ignores it), but only a plain GET must log in.
 */
const genuineCore = (r: CallbackRecipe): boolean =>
  r.state.kind === 'keep' &&
  r.code.kind === 'keep' &&
  r.iss.kind === 'keep' &&
  r.cookie === 'keep' &&
  r.method !== 'POST';

/**
 * The fake OP's answer to the authorization request. Harness plumbing, not the host under test: one retry
 * when the pooled keep-alive connection was closed by the fake OP while the run paused (a heap snapshot,
 * a long GC on a loaded machine), which fetch reports as `fetch failed` (`other side closed`).
 */
async function authorizeRedirect(url: string): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'manual' });
  } catch {
    return fetch(url, { redirect: 'manual' });
  }
}

/** Starts a real login on the host and follows the fake OP's redirect: the genuine callback query and cookie. */
async function genuineCallback(t: HostTarget): Promise<{ params: URLSearchParams; cookie: string }> {
  const start = await t.app.inject({ method: 'GET', url: '/oidc/login?returnTo=/' });
  const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const authorize = await authorizeRedirect(String(start.headers.location));
  return { params: new URL(authorize.headers.get('location')!).searchParams, cookie };
}

function alteredQuery(r: CallbackRecipe, params: URLSearchParams): string {
  const query = new URLSearchParams();
  for (const name of ['state', 'code', 'iss'] as const) {
    const c = r[name];
    const value = params.get(name) ?? '';
    if (c.kind === 'keep' || c.kind === 'duplicate') query.append(name, value);
    if (c.kind === 'duplicate') query.append(name, value);
    if (c.kind === 'replace') query.append(name, c.value);
  }
  for (const [name, value] of r.extra) query.append(name, value);
  return `${query.toString()}${r.rawTail}`;
}

/**
 * Malformed callbacks: a genuine login's callback, altered. A session only when state, code, iss and
 * cookie are the genuine ones (the genuine callback must log in unless an extra parameter is one a code
 * flow never carries); everything else ends on a coded error page (never the unexpected-failure code),
 * never echoes or logs the code or state, and answers quickly.
 */
export function callbackProperty(t: HostTarget, tally: Tally): fc.IAsyncPropertyWithHooks<[CallbackRecipe]> {
  return fc.asyncProperty(callbackRecipe, async (r) => {
    const { params, cookie } = await genuineCallback(t);
    const secrets = [params.get('code') ?? '', params.get('state') ?? ''];
    const headers =
      r.cookie === 'keep' ? { cookie } : r.cookie === 'other' ? { cookie: cookie.replace(/=([^;])/g, '=x$1') } : {};
    const logged = t.host.logs.length;
    const started = performance.now();
    const res = await t.app.inject({ method: r.method, url: `/oauth-callback?${alteredQuery(r, params)}`, headers });
    const ms = performance.now() - started;
    const session = res.cookies.some((c) => c.name === 'crm_session' && c.value !== '');
    const code = /data-code="([^"]+)"/.exec(res.body)?.[1];
    const what = `${r.method} ${JSON.stringify({ ...r, extra: r.extra.map(([n, v]) => [n, v.slice(0, 20)]) }).slice(0, 300)} -> ${res.statusCode} ${code ?? ''}`;
    if (ms > HANG_MS) throw new FuzzFinding(`${what}: took ${ms.toFixed(0)} ms`);
    // HEAD answers carry no body, so the page checks apply to GET and POST only.
    const hasBody = r.method !== 'HEAD';
    if (hasBody && res.statusCode >= 500 && code === undefined)
      throw new FuzzFinding(`${what}: server error without a code`);
    if (code === 'ERR_OIDC_LOGIN_FAILED') throw new FuzzFinding(`${what}: unexpected failure`);
    for (const s of secrets) {
      if (s.length >= 16 && res.body.includes(s)) throw new FuzzFinding(`${what}: echoes code or state`);
      if (s.length >= 16 && t.host.logs.slice(logged).some((line) => line.includes(s)))
        throw new FuzzFinding(`${what}: logs the code or state`);
    }
    if (session && !genuineCore(r)) throw new FuzzFinding(`${what}: a tampered callback created a session`);
    const plain = genuineCore(r) && r.method === 'GET' && r.extra.length === 0 && r.rawTail === '';
    if (!session && plain) throw new FuzzFinding(`${what}: the genuine callback was refused`);
    if (!session && r.method === 'GET' && code === undefined)
      throw new FuzzFinding(`${what}: refused without a reason code`);
    tally.add(session ? 'SESSION' : `${res.statusCode} ${code ?? '-'}`, ms);
  });
}
