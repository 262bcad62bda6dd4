import { expect } from 'chai';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resourceLayers } from 'crm-host/internal/metadata/core-layer';
import { MergedMetadata } from 'crm-host/internal/metadata/metadata-service';
import { mergeResources } from 'crm-host/internal/metadata/resource-store';
import { createTempInstance, type TempInstance } from 'crm-host/testing';
import {
  AlgorithmRegistry,
  JwksSourcePool,
  JwtVerifierFactory,
  builtInImplementations,
} from '../../../src/jwt/index.js';
import { NodeHttpClient } from '../../../src/net/index.js';
import { ManualClock, RecordingLogger, repoRoot } from '../../unit/jwt/support/fakes.js';
import { JwksServer } from '../../unit/jwt/support/jwks-server.js';
import { testKey } from '../../unit/jwt/support/keys.js';
import { CLIENT_ID, ISSUER, idClaims, signRaw } from '../../unit/jwt/support/tokens.js';

// The custom-algorithm example through the host's real metadata layers (core < extension < custom/)
// and an extension upgrade that replaces extensions/oidc-auth but not custom/. (The full install via
// the extension manager is covered once that lands.)
describe('jwt integration: custom ES256K through host metadata layers and an extension upgrade', () => {
  let instance: TempInstance;
  let server: JwksServer;
  const logger = new RecordingLogger();
  const clock = new ManualClock();
  const extensionDir = () => path.join(instance.paths.extensions, 'oidc-auth');

  function installExtension(version: string, extraAlgorithms: Record<string, unknown> = {}): void {
    rmSync(extensionDir(), { recursive: true, force: true });
    mkdirSync(path.join(extensionDir(), 'metadata/app'), { recursive: true });
    const builtIns = JSON.parse(readFileSync(path.join(repoRoot, 'metadata/app/jwtAlgorithms.json'), 'utf8')) as object;
    writeFileSync(
      path.join(extensionDir(), 'metadata/app/jwtAlgorithms.json'),
      JSON.stringify({ ...builtIns, ...extraAlgorithms }),
    );
    writeFileSync(path.join(extensionDir(), 'extension.json'), JSON.stringify({ name: 'oidc-auth', version }));
  }

  async function boot(): Promise<{ registry: AlgorithmRegistry; factory: JwtVerifierFactory }> {
    const merged = await mergeResources(
      resourceLayers(instance.paths, [{ name: 'oidc-auth', dir: extensionDir() }]),
      logger,
    );
    const registry = new AlgorithmRegistry(
      new MergedMetadata(merged.metadata),
      builtInImplementations(),
      logger,
      instance.paths,
    );
    await registry.loadCustom();
    const factory = new JwtVerifierFactory(registry, new JwksSourcePool(new NodeHttpClient(), clock, logger), clock);
    return { registry, factory };
  }

  before(async () => {
    instance = await createTempInstance('jwt-');
    server = await new JwksServer().start();
    server.setKeys([testKey('secp256k1').jwk('k256', 'ES256K')]);
    const dir = path.join(instance.paths.custom, 'jwt/algorithms');
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(repoRoot, 'test/fixtures/custom-algorithms/ES256K.js'), path.join(dir, 'ES256K.js'));
    mkdirSync(path.join(instance.paths.custom, 'metadata/app'), { recursive: true });
    writeFileSync(
      path.join(instance.paths.custom, 'metadata/app/jwtAlgorithms.json'),
      JSON.stringify({ ES256K: { enabled: true } }),
    );
  });
  after(async () => {
    await server.stop();
    await instance.cleanup();
  });

  async function loginToken(factory: JwtVerifierFactory, registry: AlgorithmRegistry): Promise<string> {
    const verifier = factory.create({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      algorithms: ['ES256K'],
      jwksUri: server.url,
    });
    const token = signRaw(
      { alg: 'ES256K', kid: 'k256' },
      idClaims(clock.seconds),
      registry.get('ES256K')!,
      testKey('secp256k1').privateKey,
    );
    const result = await verifier.verify(token, { nonce: 'n-0S6_WzA2Mj' });
    return `${result.alg}/${String(result.key.kid)}/${String(result.payload['sub'])}`;
  }

  it('installed extension 0.1.0 + custom ES256K: a login token verifies', async () => {
    installExtension('0.1.0');
    const { registry, factory } = await boot();
    expect(registry.describe().find((r) => r.alg === 'ES256K')?.origin).to.equal('custom');
    expect(await loginToken(factory, registry)).to.equal('ES256K/k256/alice');
  });

  it('after upgrading the extension to 0.2.0 (new metadata), custom ES256K is still registered and works', async () => {
    installExtension('0.2.0', { ES256X: { implementation: 'Ecdsa', hash: 'sha256', curve: 'P-256' } });
    const { registry, factory } = await boot();
    expect(registry.names()).to.include.members(['ES256K', 'ES256X', 'RS256']);
    expect(await loginToken(factory, registry)).to.equal('ES256K/k256/alice');
  });

  it('an override flag in custom/ metadata merges over the extension entry and lets a custom class replace RS256', async () => {
    const dir = path.join(instance.paths.custom, 'jwt/algorithms');
    writeFileSync(
      path.join(dir, 'RS256.js'),
      "export default class { constructor() { this.alg = 'RS256'; this.keyTypes = [{ kty: 'RSA' }]; } verify(a, b, c) { return false; } }",
    );
    let { registry } = await boot();
    expect(registry.describe().find((r) => r.alg === 'RS256')?.origin).to.equal('built-in');
    writeFileSync(
      path.join(instance.paths.custom, 'metadata/app/jwtAlgorithms.json'),
      JSON.stringify({ ES256K: {}, RS256: { override: true } }),
    );
    ({ registry } = await boot());
    expect(registry.describe().find((r) => r.alg === 'RS256')?.origin).to.equal('custom');
    rmSync(path.join(dir, 'RS256.js'));
  });
});
