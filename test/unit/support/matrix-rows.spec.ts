import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import {
  DISCOVERY_BEHAVIOURS,
  JWKS_BEHAVIOURS,
  TOKEN_BEHAVIOURS,
  USERINFO_BEHAVIOURS,
} from '../../support/fake-op/endpoint-behaviours.js';
import { AUTHORIZE_BEHAVIOURS } from '../../support/fake-op/authorize-behaviours.js';
import { startFakeOp, type FakeOp } from '../../support/fake-op/fake-op.js';
import { JWT_DEFECTS } from '../../support/fake-op/jwt-defects.js';
import { LOGOUT_TOKEN_DEFECTS } from '../../support/fake-op/logout-tokens.js';
import { LOGIN_MATRIX_ROWS, LOGOUT_MATRIX_ROWS, type LoginMatrixRow } from '../../support/fake-op/matrix-rows.js';

const REDIRECT = 'http://127.0.0.1:1/cb';

/** Client authentication the way a correct RP sends it for the row's method. */
async function clientAuth(
  op: FakeOp,
  method: string | undefined,
): Promise<{ headers: Record<string, string>; form: Record<string, string> }> {
  if (method === 'client_secret_post')
    return { headers: {}, form: { client_id: op.clientId, client_secret: op.clientSecret } };
  if (method === 'client_secret_jwt') {
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(op.clientId)
      .setSubject(op.clientId)
      .setAudience(op.endpoints.token)
      .setJti(randomBytes(8).toString('hex'))
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(op.clientSecret));
    return {
      headers: {},
      form: {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
    };
  }
  const basic = Buffer.from(`${encodeURIComponent(op.clientId)}:${encodeURIComponent(op.clientSecret)}`).toString(
    'base64',
  );
  return { headers: { authorization: `Basic ${basic}` }, form: {} };
}

/** Plays one row against the fake OP up to the token response; returns what an RP would have seen. */
async function play(op: FakeOp, row: LoginMatrixRow): Promise<{ callback: URL; tokenStatus?: number }> {
  const verifier = randomBytes(32).toString('base64url');
  const auth = new URL(op.endpoints.authorization);
  auth.search = new URLSearchParams({
    client_id: op.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid email profile groups',
    state: 'st',
    nonce: 'n',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const callback = new URL((await fetch(auth, { redirect: 'manual' })).headers.get('location') ?? '');
  if (!callback.searchParams.get('code')) return { callback };
  const { headers, form } = await clientAuth(op, row.op?.tokenEndpointAuthMethod);
  const token = await fetch(op.endpoints.token, {
    method: 'POST',
    redirect: 'manual',
    signal: AbortSignal.timeout(2000),
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      ...form,
    }),
  }).catch(() => undefined);
  await token?.arrayBuffer();
  return { callback, tokenStatus: token?.status };
}

describe('support: security-matrix rows for the fake OP', function () {
  it('have unique ids and name only existing behaviours and defects', function () {
    const ids = [...LOGIN_MATRIX_ROWS, ...LOGOUT_MATRIX_ROWS].map((r) => r.id);
    expect(new Set(ids).size).to.equal(ids.length);
    const registries: Record<string, object> = {
      token: TOKEN_BEHAVIOURS,
      userinfo: USERINFO_BEHAVIOURS,
      jwks: JWKS_BEHAVIOURS,
      discovery: DISCOVERY_BEHAVIOURS,
      authorize: AUTHORIZE_BEHAVIOURS,
    };
    for (const row of LOGIN_MATRIX_ROWS) {
      for (const defect of row.behave?.idToken ?? []) expect(JWT_DEFECTS, row.id).to.have.property(defect);
      for (const [switchName, registry] of Object.entries(registries)) {
        const value = row.behave?.[switchName as keyof typeof row.behave];
        if (value !== undefined) expect(registry, row.id).to.have.property(String(value));
      }
    }
    for (const row of LOGOUT_MATRIX_ROWS) {
      for (const defect of row.defects ?? [])
        expect({ ...JWT_DEFECTS, ...LOGOUT_TOKEN_DEFECTS }, row.id).to.have.property(defect);
    }
  });

  it('every login row plays against the fake OP: accept rows redeem their code, IdP-error rows carry error', async function () {
    this.timeout(20_000);
    const shared = await startFakeOp();
    try {
      for (const row of LOGIN_MATRIX_ROWS) {
        const op = row.op ? await startFakeOp(row.op) : shared;
        try {
          op.behave({ ...row.behave, delayMs: 20 });
          const { callback, tokenStatus } = await play(op, row);
          if (row.outcome === 'idp-error') expect(callback.searchParams.get('error'), row.id).to.be.a('string');
          if (row.outcome === 'accept') expect(tokenStatus, row.id).to.equal(200);
          if (row.behave?.token === undefined && tokenStatus !== undefined) expect(tokenStatus, row.id).to.equal(200);
          expect(
            op.requests.every((r) => !r.body.includes('fake-op error')),
            row.id,
          ).to.equal(true);
        } finally {
          op.reset();
          if (op !== shared) await op.stop();
        }
      }
    } finally {
      await shared.stop();
    }
  });

  it('every logout row mints its token and delivers it as described', async function () {
    const received: { method?: string; type?: string; query: string; body: string }[] = [];
    const rp = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({
          method: req.method,
          type: req.headers['content-type'],
          query: String(req.url).split('?')[1] ?? '',
          body,
        });
        res.writeHead(200, { 'cache-control': 'no-store' }).end();
      });
    });
    rp.listen(0, '127.0.0.1');
    await once(rp, 'listening');
    const uri = `http://127.0.0.1:${(rp.address() as AddressInfo).port}/backchannel`;
    const op = await startFakeOp();
    try {
      for (const row of LOGOUT_MATRIX_ROWS) {
        const token = row.idTokenInstead
          ? await op.signIdToken({ nonce: 'n' })
          : await op.logoutToken({ sid: 's', defects: row.defects, claims: row.claims });
        const result = await op.sendLogoutToken(uri, token, row.delivery);
        expect(result.status, row.id).to.equal(200);
        const last = received.at(-1);
        const carried = new URLSearchParams(row.delivery?.encoding === 'query' ? last?.query : last?.body);
        if (row.delivery?.encoding !== 'json') expect(carried.getAll('logout_token'), row.id).to.include(token);
        else expect(JSON.parse(last?.body ?? '{}').logout_token, row.id).to.equal(token);
      }
      expect(received).to.have.length(LOGOUT_MATRIX_ROWS.length);
    } finally {
      await op.stop();
      rp.close();
    }
  });
});
