import fc from 'fast-check';
import { FuzzFinding } from '../jwt/jwt-target.js';
import { HANG_MS, type Tally } from '../support/bounds.js';
import type { LogoutTarget } from './logout-target.js';

/** A back-channel logout request, as plain data (fast-check prints it on a finding). */
export interface LogoutRequestRecipe {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | null;
  readonly token:
    | { readonly kind: 'valid'; readonly index: number }
    | { readonly kind: 'refused'; readonly index: number }
    | { readonly kind: 'minted'; readonly claims: Record<string, unknown> }
    | { readonly kind: 'mutated'; readonly at: number; readonly char: string }
    | { readonly kind: 'garbage'; readonly text: string };
  readonly body:
    'single' | 'extra-params' | 'duplicate' | 'empty-value' | 'missing' | 'bracket' | 'query' | 'json' | 'raw' | 'huge';
}

const PATHS = ['/api/v1/backchannelLogout', '/api/v1/Oidc/backchannelLogout'];
const FORM = 'application/x-www-form-urlencoded';
const ALLOWED_STATUS = [200, 400, 404, 405, 413, 415];

const claimValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
const claimOverrides = fc.dictionary(
  fc.constantFrom('events', 'sid', 'sub', 'jti', 'nonce', 'iat', 'exp', 'aud', 'iss', 'azp', 'x'),
  claimValue,
  { maxKeys: 3 },
);

export const logoutRequestRecipe: fc.Arbitrary<LogoutRequestRecipe> = fc.record({
  method: fc.oneof(
    { weight: 10, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') },
  ),
  path: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...PATHS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '/api/v1/backchannelLogout/',
        '/api/v1/backchannelLogout?x=1',
        '/api/v1/BACKCHANNELLOGOUT',
      ),
    },
  ),
  contentType: fc.oneof(
    { weight: 10, arbitrary: fc.constant(FORM) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `${FORM}; charset=utf-8`,
        'application/json',
        'text/plain',
        'multipart/form-data; boundary=x',
        null,
      ),
    },
  ),
  token: fc.oneof(
    { weight: 2, arbitrary: fc.nat({ max: 2 }).map((index) => ({ kind: 'valid' as const, index })) },
    { weight: 3, arbitrary: fc.nat({ max: 1_000 }).map((index) => ({ kind: 'refused' as const, index })) },
    { weight: 3, arbitrary: claimOverrides.map((claims) => ({ kind: 'minted' as const, claims })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat({ max: 2_000 }), fc.constantFrom(...'Aa0-_.=+/ %'))
        .map(([at, char]) => ({ kind: 'mutated' as const, at, char })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ kind: 'garbage' as const, text })),
    },
  ),
  body: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('single' as const, 'extra-params' as const) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        'duplicate',
        'empty-value',
        'missing',
        'bracket',
        'query',
        'json',
        'raw',
        'huge',
      ) as fc.Arbitrary<LogoutRequestRecipe['body']>,
    },
  ),
});

async function tokenOf(recipe: LogoutRequestRecipe['token'], target: LogoutTarget): Promise<string> {
  const { valid, refused } = target.pool;
  switch (recipe.kind) {
    case 'valid':
      // Fresh each time: logout tokens live 120 s, and a long run outlasts any pre-minted one.
      return target.mint({});
    case 'refused':
      return refused[recipe.index % refused.length]!.token;
    case 'minted':
      return target.mint(recipe.claims);
    case 'mutated': {
      const t = valid[0]!;
      const at = recipe.at % t.length;
      return t.slice(0, at) + recipe.char + t.slice(at + 1);
    }
    default:
      return recipe.text;
  }
}

function bodyOf(shape: LogoutRequestRecipe['body'], token: string): { url: string; payload: string } {
  const t = encodeURIComponent(token);
  const bodies: Record<LogoutRequestRecipe['body'], [string, string]> = {
    single: ['', `logout_token=${t}`],
    'extra-params': ['', `ignored_parameter=x&logout_token=${t}&state=`],
    duplicate: ['', `logout_token=${t}&logout_token=${t}`],
    'empty-value': ['', 'logout_token='],
    missing: ['', 'something_else=1'],
    bracket: ['', `logout_token[]=${t}`],
    query: [`logout_token=${t}`, `logout_token=${t}`],
    json: ['', JSON.stringify({ logout_token: token })],
    raw: ['', token],
    huge: ['', `logout_token=${t}&pad=${'x'.repeat(70 * 1024)}`],
  };
  const [query, payload] = bodies[shape];
  return { url: query, payload };
}

/**
 * Any request to the back-channel logout endpoint ends in 200 or a coded 4xx, never a server error, never
 * echoes the token, quickly; a token the security matrix says to refuse is refused even when the request
 * around it is well formed, and a valid token in a well-formed request is accepted.
 */
export function logoutProperty(target: LogoutTarget, tally: Tally): fc.IAsyncPropertyWithHooks<[LogoutRequestRecipe]> {
  return fc.asyncProperty(logoutRequestRecipe, async (recipe) => {
    const token = await tokenOf(recipe.token, target);
    const { url: query, payload } = bodyOf(recipe.body, token);
    const url = query === '' ? recipe.path : `${recipe.path}${recipe.path.includes('?') ? '&' : '?'}${query}`;
    const started = performance.now();
    const response = await target.app.inject({
      method: recipe.method as 'POST',
      url,
      headers: recipe.contentType === null ? {} : { 'content-type': recipe.contentType },
      payload,
    });
    const ms = performance.now() - started;
    const what = `${recipe.method} ${recipe.path} ${recipe.body} ${recipe.token.kind} -> ${response.statusCode}`;
    if (ms > HANG_MS) throw new FuzzFinding(`${what}: took ${ms.toFixed(0)} ms`);
    if (!ALLOWED_STATUS.includes(response.statusCode)) throw new FuzzFinding(`${what}: ${response.body.slice(0, 300)}`);
    if (token.length >= 20 && response.body.includes(token))
      throw new FuzzFinding(`${what}: the answer echoes the token`);
    let code = String(response.statusCode);
    if (response.statusCode !== 200) {
      const parsed = JSON.parse(response.body) as { code?: unknown };
      if (typeof parsed.code !== 'string' || !/^ERR_[A-Z0-9_]+$/.test(parsed.code))
        throw new FuzzFinding(`${what}: no error code in ${response.body.slice(0, 200)}`);
      code = `${response.statusCode} ${parsed.code}`;
    }
    const wellFormed =
      recipe.method === 'POST' &&
      PATHS.includes(recipe.path) &&
      recipe.contentType === FORM &&
      (recipe.body === 'single' || recipe.body === 'extra-params');
    if (wellFormed && recipe.token.kind === 'refused' && response.statusCode !== 400) {
      const row = target.pool.refused[recipe.token.index % target.pool.refused.length]!.row;
      throw new FuzzFinding(`${what}: matrix row ${row} must be refused`);
    }
    if (wellFormed && recipe.token.kind === 'valid' && response.statusCode !== 200)
      throw new FuzzFinding(`${what}: a valid logout token was refused (${code})`);
    tally.add(code, ms);
  });
}
