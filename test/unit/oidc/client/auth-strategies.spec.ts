import { expect } from 'chai';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  formUrlEncode,
  JWT_BEARER_ASSERTION_TYPE,
  OidcClientError,
  type TokenRequestDraft,
} from '../../../../src/oidc/client/index.js';
import { clientKit, rejectionOf, settingsFor, type ClientKit } from './support.js';

const TOKEN_ENDPOINT = 'https://idp.example.test/token';
const draft = (): TokenRequestDraft => ({
  form: new URLSearchParams({ grant_type: 'authorization_code' }),
  headers: {},
});
/** How a server decodes Basic credentials (RFC 6749 §2.3.1): base64, split at the first colon, form-decode. */
function decodeBasic(header: string): { id: string; secret: string } {
  const decoded = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const formDecode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

describe('oidc client: token endpoint authentication strategies', function () {
  let kit: ClientKit;
  beforeEach(() => (kit = clientKit()));
  afterEach(() => kit.dispose());

  it('the registry holds the four methods by name and refuses an unknown one', async function () {
    expect(kit.auth.methods()).to.deep.equal([
      'client_secret_basic',
      'client_secret_jwt',
      'client_secret_post',
      'private_key_jwt',
    ]);
    const error = await rejectionOf(Promise.resolve().then(() => kit.auth.get('tls_client_auth')));
    expect(error.code).to.equal('ERR_OIDC_CLIENT_AUTH_METHOD_UNSUPPORTED');
  });

  describe('client_secret_basic', function () {
    it('form-urlencodes id and secret before base64 (secret with :+/%&= and non-ASCII)', async function () {
      const secret = 'a:b+c/d%e&f=g h ü€ 😀';
      const clientId = 'crm:client id+ä';
      const d = draft();
      await kit.auth
        .get('client_secret_basic')
        .apply(settingsFor(null, { clientId, clientSecret: secret }), d, TOKEN_ENDPOINT);
      const header = d.headers['authorization'] ?? '';
      expect(header).to.match(/^Basic [A-Za-z0-9+/=]+$/);
      expect(decodeBasic(header)).to.deep.equal({ id: clientId, secret });
      const raw = Buffer.from(header.slice(6), 'base64').toString('utf8');
      expect(raw.split(':')).to.have.length(2, 'the only raw colon is the separator');
      expect(raw).to.include('a%3Ab%2Bc%2Fd%25e%26f%3Dg+h+%C3%BC');
    });

    it('puts the credentials only in the header, never in the body', async function () {
      const d = draft();
      await kit.auth.get('client_secret_basic').apply(settingsFor(null), d, TOKEN_ENDPOINT);
      expect(d.form.has('client_secret')).to.equal(false);
      expect(d.form.has('client_id')).to.equal(false);
    });

    it('formUrlEncode escapes the characters encodeURIComponent leaves alone', function () {
      expect(formUrlEncode("!'()*~ ")).to.equal('%21%27%28%29%2A%7E+');
    });

    it('refuses to run without a secret (ERR_OIDC_CLIENT_SECRET_MISSING)', async function () {
      const error = await rejectionOf(
        Promise.resolve().then(() =>
          kit.auth.get('client_secret_basic').apply(settingsFor(null, { clientSecret: null }), draft(), TOKEN_ENDPOINT),
        ),
      );
      expect(error.code).to.equal('ERR_OIDC_CLIENT_SECRET_MISSING');
    });
  });

  describe('client_secret_post', function () {
    it('puts client_id and client_secret in the body and sets no Authorization header', async function () {
      const d = draft();
      await kit.auth.get('client_secret_post').apply(settingsFor(null, { clientSecret: 'p:&=+ü' }), d, TOKEN_ENDPOINT);
      expect(d.form.get('client_id')).to.equal('crm');
      expect(d.form.get('client_secret')).to.equal('p:&=+ü');
      expect(d.headers).to.not.have.property('authorization');
      expect(new URLSearchParams(d.form.toString()).get('client_secret')).to.equal('p:&=+ü');
    });
  });

  describe('client_secret_jwt', function () {
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      it(`signs the assertion with ${alg} and the client secret (iss=sub=client_id, aud=token endpoint, jti, 60 s)`, async function () {
        const secret = 'a-long-secret-0123456789-0123456789-0123456789-0123456789-abcdef';
        const d = draft();
        const settings = settingsFor(null, {
          tokenEndpointAuthMethod: 'client_secret_jwt',
          clientAssertionAlgorithm: alg,
          clientSecret: secret,
        });
        await kit.auth.get('client_secret_jwt').apply(settings, d, TOKEN_ENDPOINT);
        expect(d.form.get('client_assertion_type')).to.equal(JWT_BEARER_ASSERTION_TYPE);
        expect(d.form.get('client_id')).to.equal('crm');
        expect(d.form.has('client_secret')).to.equal(false);
        expect(d.headers).to.not.have.property('authorization');
        const assertion = d.form.get('client_assertion') ?? '';
        const { payload, protectedHeader } = await jwtVerify(assertion, new TextEncoder().encode(secret), {
          algorithms: [alg],
          issuer: 'crm',
          subject: 'crm',
          audience: TOKEN_ENDPOINT,
          currentDate: new Date(kit.clock.now()),
        });
        expect(protectedHeader).to.not.have.property('kid');
        expect(payload.exp! - payload.iat!).to.equal(60);
        expect(payload.iat).to.equal(Math.floor(kit.clock.now() / 1000));
        expect(payload.jti).to.be.a('string').with.length.greaterThan(30);
      });
    }

    it('uses a fresh jti for every assertion', async function () {
      const settings = settingsFor(null, {
        tokenEndpointAuthMethod: 'client_secret_jwt',
        clientAssertionAlgorithm: 'HS256',
      });
      const jtis = new Set<unknown>();
      for (let i = 0; i < 5; i++) {
        const d = draft();
        await kit.auth.get('client_secret_jwt').apply(settings, d, TOKEN_ENDPOINT);
        jtis.add(
          JSON.parse(Buffer.from((d.form.get('client_assertion') ?? '').split('.')[1]!, 'base64url').toString()).jti,
        );
      }
      expect(jtis.size).to.equal(5);
    });

    it('refuses an asymmetric algorithm (ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED)', async function () {
      const settings = settingsFor(null, {
        tokenEndpointAuthMethod: 'client_secret_jwt',
        clientAssertionAlgorithm: 'RS256',
      });
      const error = await rejectionOf(
        Promise.resolve().then(() => kit.auth.get('client_secret_jwt').apply(settings, draft(), TOKEN_ENDPOINT)),
      );
      expect(error.code).to.equal('ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED');
    });
  });

  describe('private_key_jwt', function () {
    const cases: Array<{ alg: string; pair: () => { privateKey: KeyObject; publicKey: KeyObject } }> = [
      { alg: 'RS256', pair: () => generateKeyPairSync('rsa', { modulusLength: 2048 }) },
      { alg: 'PS256', pair: () => generateKeyPairSync('rsa', { modulusLength: 2048 }) },
      { alg: 'ES256', pair: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }) },
      { alg: 'ES384', pair: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }) },
      { alg: 'EdDSA', pair: () => generateKeyPairSync('ed25519') },
    ];
    for (const { alg, pair } of cases) {
      for (const format of ['pem', 'jwk'] as const) {
        it(`signs with ${alg} from a ${format.toUpperCase()} key, kid from oidcClientPrivateKeyId`, async function () {
          const { privateKey, publicKey } = pair();
          const text =
            format === 'pem'
              ? (privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
              : JSON.stringify(privateKey.export({ format: 'jwk' }));
          const settings = settingsFor(null, {
            tokenEndpointAuthMethod: 'private_key_jwt',
            clientAssertionAlgorithm: alg,
            clientSecret: null,
            clientPrivateKey: text,
            clientPrivateKeyId: 'client-key-1',
          });
          const d = draft();
          await kit.auth.get('private_key_jwt').apply(settings, d, TOKEN_ENDPOINT);
          const assertion = d.form.get('client_assertion') ?? '';
          expect(decodeProtectedHeader(assertion)).to.include({ alg, kid: 'client-key-1' });
          const { payload } = await jwtVerify(assertion, publicKey, {
            algorithms: [alg],
            issuer: 'crm',
            subject: 'crm',
            audience: TOKEN_ENDPOINT,
            currentDate: new Date(kit.clock.now()),
          });
          expect(payload.exp! - payload.iat!).to.equal(60);
          expect(d.form.get('client_assertion_type')).to.equal(JWT_BEARER_ASSERTION_TYPE);
        });
      }
    }

    it("takes the JWK's own kid when oidcClientPrivateKeyId is empty", async function () {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'from-jwk' };
      const settings = settingsFor(null, {
        tokenEndpointAuthMethod: 'private_key_jwt',
        clientAssertionAlgorithm: 'ES256',
        clientPrivateKey: JSON.stringify(jwk),
      });
      const d = draft();
      await kit.auth.get('private_key_jwt').apply(settings, d, TOKEN_ENDPOINT);
      expect(decodeProtectedHeader(d.form.get('client_assertion') ?? '').kid).to.equal('from-jwk');
    });

    for (const { alg, pair } of cases) {
      it(`${alg}: without a configured kid or a JWK kid, sends the key's RFC 7638 thumbprint as kid`, async function () {
        const { privateKey, publicKey } = pair();
        const settings = settingsFor(null, {
          tokenEndpointAuthMethod: 'private_key_jwt',
          clientAssertionAlgorithm: alg,
          clientSecret: null,
          clientPrivateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
          clientPrivateKeyId: null,
        });
        const expected = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as never);
        for (let i = 0; i < 2; i++) {
          const d = draft();
          await kit.auth.get('private_key_jwt').apply(settings, d, TOKEN_ENDPOINT);
          expect(decodeProtectedHeader(d.form.get('client_assertion') ?? '').kid).to.equal(expected);
        }
      });
    }

    const refusals: Array<{ name: string; settings: () => Parameters<typeof settingsFor>[1]; code: string }> = [
      {
        name: 'a P-256 key for RS256',
        settings: () => ({
          clientAssertionAlgorithm: 'RS256',
          clientPrivateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
            format: 'pem',
            type: 'pkcs8',
          }) as string,
        }),
        code: 'ERR_OIDC_CLIENT_KEY_INVALID',
      },
      {
        name: 'a P-384 key for ES256',
        settings: () => ({
          clientAssertionAlgorithm: 'ES256',
          clientPrivateKey: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
            format: 'pem',
            type: 'pkcs8',
          }) as string,
        }),
        code: 'ERR_OIDC_CLIENT_KEY_INVALID',
      },
      {
        name: 'a 1024-bit RSA key',
        settings: () => ({
          clientAssertionAlgorithm: 'RS256',
          clientPrivateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
            format: 'pem',
            type: 'pkcs8',
          }) as string,
        }),
        code: 'ERR_OIDC_CLIENT_KEY_INVALID',
      },
      {
        name: 'a public JWK',
        settings: () => ({
          clientAssertionAlgorithm: 'ES256',
          clientPrivateKey: JSON.stringify(
            generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
          ),
        }),
        code: 'ERR_OIDC_CLIENT_KEY_INVALID',
      },
      {
        name: 'text that is no key',
        settings: () => ({ clientPrivateKey: 'not a key' }),
        code: 'ERR_OIDC_CLIENT_KEY_INVALID',
      },
      {
        name: 'a broken PEM',
        settings: () => ({ clientPrivateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }),
        code: 'ERR_OIDC_CLIENT_KEY_INVALID',
      },
      { name: 'no key at all', settings: () => ({ clientPrivateKey: null }), code: 'ERR_OIDC_CLIENT_KEY_INVALID' },
      {
        name: 'an HMAC algorithm',
        settings: () => ({ clientAssertionAlgorithm: 'HS256', clientPrivateKey: 'x' }),
        code: 'ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED',
      },
      {
        name: 'an unregistered algorithm',
        settings: () => ({ clientAssertionAlgorithm: 'RS1', clientPrivateKey: 'x' }),
        code: 'ERR_OIDC_CLIENT_ASSERTION_ALG_UNSUPPORTED',
      },
    ];
    for (const r of refusals) {
      it(`refuses ${r.name} (${r.code}) without leaking the key`, async function () {
        const extra = r.settings();
        const settings = settingsFor(null, {
          tokenEndpointAuthMethod: 'private_key_jwt',
          clientAssertionAlgorithm: 'RS256',
          ...extra,
        });
        const error = await rejectionOf(
          Promise.resolve().then(() => kit.auth.get('private_key_jwt').apply(settings, draft(), TOKEN_ENDPOINT)),
        );
        expect(OidcClientError.isOidcClientError(error)).to.equal(true);
        expect(error.code).to.equal(r.code);
        if (extra?.clientPrivateKey && extra.clientPrivateKey.length > 60)
          expect(error.message).to.not.include(extra.clientPrivateKey.slice(30, 60));
      });
    }
  });
});
