import { expect } from 'chai';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExtensionManager } from 'crm-host/internal/extensions/manager';
import { managerDepsFromHost } from 'crm-host/internal/extensions/host-deps';
import { bootTestHost, createTempInstance, type TempInstance, type TestHost } from 'crm-host/testing';
import { buildPackage } from '../../../scripts/packaging/build-package.js';
import { HostError } from 'crm-host/sdk';
import { JWT_TYPES, type AlgorithmRegistry, type JwtError, type JwtVerifierFactory } from '../../../src/jwt/index.js';
import { repoRoot } from '../../unit/jwt/support/fakes.js';
import { JwksServer } from '../../unit/jwt/support/jwks-server.js';

const ISSUER = 'https://idp.example.com';
const CLIENT_ID = 'crm-client';
const NONCE = 'n-0S6_WzA2Mj';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An ES256K ID token signed with node:crypto directly (raw R||S), independent of the class under test. */
function es256kIdToken(privateKey: KeyObject, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: ISSUER, sub: 'alice', aud: CLIENT_ID, nonce: NONCE, iat: now - 5, exp: now + 300, ...claims };
  const input = `${b64({ alg: 'ES256K', kid: 'k256', typ: 'JWT' })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  expect(signature.length).to.equal(64);
  return `${input}.${signature.toString('base64url')}`;
}

// Issue 3, acceptance point 4: the third-party ES256K example in custom/ is used for a login token and
// survives an upgrade of the packaged oidc-auth done by the real extension manager.
describe('jwt integration: custom ES256K across a real extension-manager upgrade of the packaged oidc-auth', function () {
  this.timeout(60_000);
  let instance: TempInstance;
  let server: JwksServer;
  let version: string;
  let packageDir: string;
  let databaseUrl: string;
  let host: TestHost | undefined;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const customFile = () => path.join(instance.paths.custom, 'jwt/algorithms/ES256K.js');
  const fixture = path.join(repoRoot, 'test/fixtures/custom-algorithms/ES256K.js');

  const boot = async () => {
    await host?.close();
    host = await bootTestHost({ instance, databaseUrl });
    return host;
  };

  /** Installs a package folder through the real ExtensionManager wired to a booted host. */
  async function installThroughManager(source: string) {
    const booted = await boot();
    return new ExtensionManager(managerDepsFromHost(booted)).install(source);
  }

  async function verifyLogin(booted: TestHost, algorithms: string[]) {
    const factory = booted.container.get<JwtVerifierFactory>(JWT_TYPES.VerifierFactory);
    const verifier = factory.create({ issuer: ISSUER, clientId: CLIENT_ID, algorithms, jwksUri: server.url });
    return verifier.verify(es256kIdToken(privateKey), { nonce: NONCE });
  }

  function expectEs256kRegistered(booted: TestHost): void {
    const registry = booted.container.get<AlgorithmRegistry>(JWT_TYPES.AlgorithmRegistry);
    expect(registry.names()).to.include('ES256K');
    expect(registry.describe().find((r) => r.alg === 'ES256K')?.origin).to.equal('custom');
    // The Settings field takes its options from the keys of app.jwtAlgorithms (optionsPath).
    const field = booted.metadata.get(['entityDefs', 'Settings', 'fields', 'oidcJwtSignatureAlgorithmList']) as {
      optionsPath: string[];
    };
    expect(field.optionsPath).to.deep.equal(['app', 'jwtAlgorithms']);
    expect(Object.keys(booted.metadata.get(field.optionsPath) as object)).to.include.members(['ES256K', 'RS256']);
  }

  before(async () => {
    instance = await createTempInstance('es256k-upgrade-');
    databaseUrl = `libsql:${path.join(instance.paths.data, 'crm.db')}`;
    await mkdir(instance.paths.data, { recursive: true });
    // What `npm run package` writes to build/oidc-auth-<version>/, built into the instance instead.
    const built = await buildPackage({ repoRoot, outDir: path.join(instance.root, 'packages') });
    version = built.version;
    packageDir = built.folder;
    server = await new JwksServer().start();
    server.setKeys([{ ...publicKey.export({ format: 'jwk' }), kid: 'k256', alg: 'ES256K', use: 'sig' }]);
  });
  after(async () => {
    await host?.close();
    await server?.stop();
    await instance?.cleanup();
  });

  it('installs the packaged oidc-auth through the extension manager and verifies an ES256K login token from custom/', async () => {
    const result = await installThroughManager(packageDir);
    expect(result).to.include({ name: 'oidc-auth', version, isUpgrade: false });
    await mkdir(path.dirname(customFile()), { recursive: true });
    await cp(fixture, customFile());
    await mkdir(path.join(instance.paths.custom, 'metadata/app'), { recursive: true });
    await writeFile(
      path.join(instance.paths.custom, 'metadata/app/jwtAlgorithms.json'),
      JSON.stringify({ ES256K: { enabled: true } }),
    );
    const booted = await boot();
    expectEs256kRegistered(booted);
    const verified = await verifyLogin(booted, ['ES256K']);
    expect(verified.alg).to.equal('ES256K');
    expect(verified.key.kid).to.equal('k256');
    expect(verified.payload).to.include({ sub: 'alice', aud: CLIENT_ID, nonce: NONCE });
  });

  it('refuses an ES256K token with a coded JwtError when ES256K is not in the allowed list', async () => {
    const booted = host!;
    let error: unknown;
    try {
      await verifyLogin(booted, ['RS256', 'ES256']);
    } catch (caught) {
      error = caught;
    }
    // The installed package is its own copy of the code: check the SDK error shape, not class identity.
    expect(HostError.is(error), String(error)).to.equal(true);
    expect((error as JwtError).name).to.equal('JwtError');
    expect((error as JwtError).code).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
  });

  it('upgrades to a higher version through the extension manager; custom/ES256K.js is kept byte-identical and still used', async () => {
    const before = await readFile(customFile());
    expect(before.equals(await readFile(fixture))).to.equal(true);
    const next = path.join(instance.root, 'packages', 'next');
    await cp(packageDir, next, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(next, 'extension.json'), 'utf8')) as { version: string };
    const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
    manifest.version = `${major}.${minor}.${patch + 1}`;
    await writeFile(path.join(next, 'extension.json'), JSON.stringify(manifest));

    const result = await installThroughManager(next);
    expect(result).to.include({
      name: 'oidc-auth',
      version: manifest.version,
      previousVersion: version,
      isUpgrade: true,
    });
    expect((await readFile(customFile())).equals(before)).to.equal(true);
    const installed = JSON.parse(
      await readFile(path.join(instance.paths.extensions, 'oidc-auth/extension.json'), 'utf8'),
    ) as { version: string };
    expect(installed.version).to.equal(manifest.version);

    const booted = await boot();
    expectEs256kRegistered(booted);
    const verified = await verifyLogin(booted, ['ES256K']);
    expect(verified.alg).to.equal('ES256K');
    expect(verified.payload['sub']).to.equal('alice');
    let refused: unknown;
    try {
      await verifyLogin(booted, ['RS256']);
    } catch (caught) {
      refused = caught;
    }
    expect((refused as JwtError).code).to.equal('ERR_JWT_ALG_NOT_ALLOWED');
  });
});
