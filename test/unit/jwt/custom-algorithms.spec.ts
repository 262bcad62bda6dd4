import { expect } from 'chai';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  AlgorithmRegistry,
  type JwtError,
  builtInImplementations,
  customAlgorithmDir,
} from '../../../src/jwt/index.js';
import { instancePaths, metadataWith, repoRoot } from './support/fakes.js';
import { harness, type Harness } from './support/harness.js';
import { JwksServer } from './support/jwks-server.js';
import { testKey } from './support/keys.js';
import { b64, idClaims, signRaw, withSegment } from './support/tokens.js';

const FIXTURE = path.join(repoRoot, 'test/fixtures/custom-algorithms/ES256K.js');

function dropIn(root: string, name: string, source?: string): string {
  const dir = customAlgorithmDir(instancePaths(root).custom);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (source === undefined) copyFileSync(FIXTURE, file);
  else writeFileSync(file, source);
  return file;
}

const VALID_BODY = `
  constructor() { this.keyTypes = [{ kty: 'RSA' }]; }
  verify(input, signature, key) { return false; }`;

describe('jwt algorithm registry and custom/ algorithms', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.dispose());

  describe('built-ins from metadata', () => {
    it('refuses "none" in metadata whatever its implementation, with a log line', () => {
      const reg = new AlgorithmRegistry(
        metadataWith({
          none: { implementation: 'Hmac', hash: 'sha256' },
          NONE: { implementation: 'Hmac', hash: 'sha256' },
        }),
        builtInImplementations(),
        h.logger,
        instancePaths(h.root),
      );
      expect(reg.get('none')).to.equal(undefined);
      expect(reg.get('NONE')).to.equal(undefined);
      expect(h.logger.at('error').filter((l) => l.message.includes('"none" can never be registered'))).to.have.length(
        2,
      );
      expect(reg.get('RS256')).not.to.equal(undefined);
    });

    it('refuses unknown implementations and bad parameters, keeps the others; enabled:false disables', () => {
      const reg = new AlgorithmRegistry(
        metadataWith({
          XS1: { implementation: 'Nope' },
          HS1: { implementation: 'Hmac', hash: 'md5' },
          ES384: { enabled: false },
        }),
        builtInImplementations(),
        h.logger,
        instancePaths(h.root),
      );
      expect(reg.get('XS1')).to.equal(undefined);
      expect(reg.get('HS1')).to.equal(undefined);
      expect(reg.get('ES384')).to.equal(undefined);
      expect(reg.names()).to.include.members(['RS256', 'ES256', 'EdDSA', 'HS256']);
      const errors = h.logger.at('error').map((l) => l.message);
      expect(errors.some((m) => m.includes('XS1') && m.includes('unknown implementation'))).to.equal(true);
      expect(errors.some((m) => m.includes('HS1') && m.includes('"hash"'))).to.equal(true);
    });

    it('a metadata-only alias reuses an implementation with other parameters (a registry is data)', () => {
      const reg = new AlgorithmRegistry(
        metadataWith({ ES256X: { implementation: 'Ecdsa', hash: 'sha256', curve: 'P-256' } }),
        builtInImplementations(),
        h.logger,
        instancePaths(h.root),
      );
      expect(reg.get('ES256X')?.keyTypes).to.deep.equal([{ kty: 'EC', crv: 'P-256' }]);
    });
  });

  describe('custom/jwt/algorithms', () => {
    it('loads the ES256K example and verifies a login token end to end over JWKS', async () => {
      const file = dropIn(h.root, 'ES256K.js');
      const report = await h.registry.loadCustom();
      expect(report).to.deep.equal({ loaded: ['ES256K'], refused: [] });
      expect(h.registry.names()).to.include('ES256K');
      expect(h.registry.describe().find((r) => r.alg === 'ES256K')).to.include({ origin: 'custom', from: file });
      expect(h.logger.at('info').some((l) => l.message.includes('ES256K') && l.message.includes(file))).to.equal(true);

      const k1 = testKey('secp256k1');
      const server = await new JwksServer().start();
      try {
        server.setKeys([k1.jwk('k1-1', 'ES256K'), testKey('rsa2048').jwk('r', 'RS256')]);
        const verifier = h.factory.create(h.settings({ algorithms: ['ES256K'], jwksUri: server.url }));
        const es256k = h.algorithm('ES256K');
        const token = signRaw(
          { alg: 'ES256K', kid: 'k1-1', typ: 'JWT' },
          idClaims(h.clock.seconds),
          es256k,
          k1.privateKey,
        );
        const result = await verifier.verify(token, { nonce: 'n-0S6_WzA2Mj' });
        expect(result).to.deep.include({ alg: 'ES256K' });
        expect(result.key.kid).to.equal('k1-1');
        const tampered = withSegment(token, 1, b64(idClaims(h.clock.seconds, { sub: 'mallory' })));
        expect(((await verifier.verify(tampered).catch((e: JwtError) => e)) as JwtError).code).to.equal(
          'ERR_JWT_SIGNATURE_INVALID',
        );
        // A P-256 key published under ES256K is never used.
        server.setKeys([testKey('P-256').jwk('k1-1', 'ES256K')]);
        h.clock.advance(11 * 60_000);
        expect(((await verifier.verify(token).catch((e: JwtError) => e)) as JwtError).code).to.equal(
          'ERR_JWKS_NO_MATCHING_KEY',
        );
      } finally {
        await server.stop();
      }
    });

    it('refuses classes that break the contract with a log line naming the file and reason; the rest keeps working', async () => {
      dropIn(h.root, 'ES256K.js');
      const bad: Record<string, [string, RegExp]> = {
        'a-no-default.js': ['export const x = 1;', /no default-export class/],
        'b-not-class.js': ['export default 42;', /no default-export class/],
        'c-no-verify.js': [
          `export default class { constructor() { this.alg = 'X1'; this.keyTypes = [{ kty: 'RSA' }]; } }`,
          /verify/,
        ],
        'd-alg-none.js': [
          `export default class { constructor() { this.alg = 'none'; } ${VALID_BODY.replace('constructor() {', 'x() {')} }`,
          /"none"/,
        ],
        'e-throws.js': [
          `export default class { constructor() { throw new Error('boom'); } }`,
          /constructor threw: boom/,
        ],
        'f-syntax.js': ['export default class {', /^Unexpected end of input/],
        'g-no-curve.js': [
          `export default class { constructor() { this.alg = 'X2'; this.keyTypes = [{ kty: 'EC' }]; } verify(a, b, c) { return false; } }`,
          /crv/,
        ],
        'i-accepts-anything.js': [
          `export default class { constructor() { this.alg = 'X4'; this.keyTypes = [{ kty: 'EC', crv: 'P-256' }]; } verify(a, b, c) { return true; } }`,
          /accepts an invalid/,
        ],
        'j-sign-mismatch.js': [
          `import { createHmac } from 'node:crypto';
           export default class { constructor() { this.alg = 'X5'; this.keyTypes = [{ kty: 'oct' }]; }
             sign(i, k) { return createHmac('sha256', k).update(i).digest(); }
             verify(i, s, k) { return s.length === 32 && createHmac('sha256', k).update('other').digest().equals(s); } }`,
          /refuses a signature made by sign/,
        ],
        'k-ignores-input.js': [
          `import { createHmac } from 'node:crypto';
           export default class { constructor() { this.alg = 'X6'; this.keyTypes = [{ kty: 'oct' }]; }
             sign(i, k) { return createHmac('sha256', k).update('fixed').digest(); }
             verify(i, s, k) { return createHmac('sha256', k).update('fixed').digest().equals(s); } }`,
          /over other input/,
        ],
        'h-no-keytypes.js': [
          `export default class { constructor() { this.alg = 'X3'; } verify(a, b, c) { return false; } }`,
          /keyTypes/,
        ],
      };
      for (const [name, [source]] of Object.entries(bad)) dropIn(h.root, name, source);
      const report = await h.registry.loadCustom();
      expect(report.loaded).to.deep.equal(['ES256K']);
      for (const [name, [, reason]] of Object.entries(bad)) {
        const entry = report.refused.find((r) => r.file.endsWith(name));
        expect(entry, name).not.to.equal(undefined);
        expect(entry!.reason, name).to.match(reason);
        const line = h.logger.at('error').find((l) => l.message.includes(name));
        expect(line?.message, name).to.contain('custom JWT algorithm refused');
      }
      expect(h.registry.get('none')).to.equal(undefined);
      expect(h.registry.names()).to.include.members(['ES256K', 'RS256']);
    });

    it('a class replacing a built-in is refused unless its metadata entry says "override": true', async () => {
      const cleanSource = `export default class Rs256Replacement {
        constructor() { this.alg = 'RS256'; this.keyTypes = [{ kty: 'RSA' }]; }
        verify(input, signature, key) { return false; }
      }`;
      dropIn(h.root, 'RS256.js', cleanSource);
      const refused = await h.registry.loadCustom();
      expect(refused.refused[0]?.reason).to.contain('"override": true');
      expect(h.registry.describe().find((r) => r.alg === 'RS256')?.origin).to.equal('built-in');

      const overriding = new AlgorithmRegistry(
        metadataWith({ RS256: { override: true } }),
        builtInImplementations(),
        h.logger,
        instancePaths(h.root),
      );
      const accepted = await overriding.loadCustom();
      expect(accepted.loaded).to.deep.equal(['RS256']);
      expect(overriding.describe().find((r) => r.alg === 'RS256')?.origin).to.equal('custom');
    });

    it('the same alg in two custom files: the second is refused', async () => {
      dropIn(h.root, 'a.js');
      dropIn(h.root, 'b.js');
      const report = await h.registry.loadCustom();
      expect(report.loaded).to.deep.equal(['ES256K']);
      expect(report.refused[0]?.reason).to.contain('already provided');
    });

    it('a custom verify that throws is a signature failure, not a crash', async () => {
      dropIn(
        h.root,
        'THROWS.js',
        `export default class { constructor() { this.alg = 'XT'; this.keyTypes = [{ kty: 'RSA' }]; } verify(a, b, c) { throw new Error('bug'); } }`,
      );
      await h.registry.loadCustom();
      const v = h.factory.create(h.settings({ algorithms: ['XT'], staticKeys: [testKey('rsa2048').jwk('k', 'XT')] }));
      const token = `${b64({ alg: 'XT', kid: 'k' })}.${b64(idClaims(h.clock.seconds))}.AAAA`;
      expect(((await v.verify(token).catch((e: JwtError) => e)) as JwtError).code).to.equal(
        'ERR_JWT_SIGNATURE_INVALID',
      );
    });

    it('custom algorithms live in custom/ only: a registry rebuilt after an extension upgrade finds them again', async () => {
      dropIn(h.root, 'ES256K.js');
      await h.registry.loadCustom();
      // An upgrade replaces extensions/oidc-auth (its metadata) but never custom/: a new registry over
      // the new extension metadata and the same instance root loads ES256K again.
      const upgraded = new AlgorithmRegistry(metadataWith(), builtInImplementations(), h.logger, instancePaths(h.root));
      expect(upgraded.get('ES256K')).to.equal(undefined);
      await upgraded.loadCustom();
      expect(upgraded.get('ES256K')?.alg).to.equal('ES256K');
    });

    it('no custom folder at all is fine', async () => {
      expect(await h.registry.loadCustom()).to.deep.equal({ loaded: [], refused: [] });
      expect(h.logger.at('warn')).to.deep.equal([]);
    });

    it('a custom metadata entry that no class provides is reported (typo in a file or alg name)', async () => {
      const reg = new AlgorithmRegistry(
        metadataWith({ ES256K: { enabled: true } }),
        builtInImplementations(),
        h.logger,
        instancePaths(h.root),
      );
      await reg.loadCustom();
      expect(reg.get('ES256K')).to.equal(undefined);
      expect(h.logger.at('warn').some((l) => l.message.includes('ES256K is in metadata but no class'))).to.equal(true);
    });
  });
});
