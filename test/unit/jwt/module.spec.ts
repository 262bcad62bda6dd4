import { expect } from 'chai';
import { TYPES } from 'crm-host/sdk';
import { Container, ContainerModule } from 'inversify';
import { mkdtempSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  JWT_TYPES,
  bindJwt,
  startJwt,
  type AlgorithmRegistry,
  type JwtVerifierFactory,
} from '../../../src/jwt/index.js';
import { NET_TYPES, NodeHttpClient } from '../../../src/net/index.js';
import { ManualClock, RecordingLogger, instancePaths, metadataWith, repoRoot } from './support/fakes.js';
import { testKey } from './support/keys.js';
import { CLIENT_ID, ISSUER, idClaims, signRaw } from './support/tokens.js';

describe('jwt module: bindJwt wires the domain through DI', () => {
  let root: string;
  let container: Container;
  const clock = new ManualClock();

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'oidc-jwt-di-'));
    container = new Container();
    container.bind(TYPES.Metadata).toConstantValue(metadataWith());
    container.bind(TYPES.Logger).toConstantValue(new RecordingLogger());
    container.bind(TYPES.Clock).toConstantValue(clock);
    container.bind(TYPES.InstancePaths).toConstantValue(instancePaths(root));
    container.load(new ContainerModule((options) => bindJwt(options)));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('resolves singletons, the bounded HTTP client, and a working verifier', async () => {
    const factory = container.get<JwtVerifierFactory>(JWT_TYPES.VerifierFactory);
    expect(container.get(JWT_TYPES.VerifierFactory)).to.equal(factory);
    expect(container.get(NET_TYPES.HttpClient)).to.be.instanceOf(NodeHttpClient);
    expect(container.getAll(JWT_TYPES.AlgorithmImplementation)).to.have.length(5);
    const verifier = factory.create({
      issuer: ISSUER,
      clientId: CLIENT_ID,
      algorithms: ['EdDSA'],
      staticKeys: [testKey('Ed25519').jwk('e', 'EdDSA')],
    });
    const registry = container.get<AlgorithmRegistry>(JWT_TYPES.AlgorithmRegistry);
    const token = signRaw(
      { alg: 'EdDSA', kid: 'e' },
      idClaims(clock.seconds),
      registry.get('EdDSA')!,
      testKey('Ed25519').privateKey,
    );
    expect((await verifier.verify(token)).payload['sub']).to.equal('alice');
  });

  it('startJwt loads custom/ algorithms into the container registry; a later module may rebind the HTTP client', async () => {
    const dir = path.join(instancePaths(root).custom, 'jwt', 'algorithms');
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(repoRoot, 'test/fixtures/custom-algorithms/ES256K.js'), path.join(dir, 'ES256K.js'));
    await startJwt(container);
    expect(container.get<AlgorithmRegistry>(JWT_TYPES.AlgorithmRegistry).names()).to.include('ES256K');

    const replacement = {
      request: async () => ({ status: 200, headers: new Headers(), body: Buffer.alloc(0) }),
      json: async () => ({}),
    };
    container.load(new ContainerModule(({ rebind }) => void rebind(NET_TYPES.HttpClient).toConstantValue(replacement)));
    expect(container.get(NET_TYPES.HttpClient)).to.equal(replacement);
  });
});
