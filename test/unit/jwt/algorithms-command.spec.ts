import { expect } from 'chai';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from 'crm-host/sdk';
import type { JwsAlgorithmImplementation } from '../../../src/jwt/index.js';
import { AlgorithmRegistry, builtInImplementations, customAlgorithmDir } from '../../../src/jwt/index.js';
import { JwtAlgorithmsCommand, type AlgorithmRow } from '../../../src/jwt/cli/algorithms-command.js';
import { instancePaths, metadataWith, repoRoot } from './support/fakes.js';
import { harness, type Harness } from './support/harness.js';

const FIXTURE = path.join(repoRoot, 'test/fixtures/custom-algorithms/ES256K.js');

class CapturedIo implements CliIo {
  lines: string[] = [];
  out(line: string): void {
    this.lines.push(line);
  }
  err(line: string): void {
    this.lines.push(line);
  }
}

/** An implementation another extension binds (same contract as the built-ins). */
const otherExtension: JwsAlgorithmImplementation = {
  name: 'OtherExtensionHmac',
  create: (alg, params) => builtInImplementations()[4]!.create(alg, params),
};

describe('crm-host jwt algorithms', function () {
  this.timeout(30_000);
  let h: Harness;
  let dir: string;
  beforeEach(() => {
    h = harness();
    dir = customAlgorithmDir(instancePaths(h.root).custom);
    mkdirSync(dir, { recursive: true });
  });
  afterEach(() => h.dispose());

  it('lists every algorithm with source, key types, hash and self-test; exit 0 when all is well', async () => {
    copyFileSync(FIXTURE, path.join(dir, 'ES256K.js'));
    const registry = new AlgorithmRegistry(
      metadataWith({ HS256X: { implementation: 'OtherExtensionHmac', hash: 'sha256' } }),
      [...builtInImplementations(), otherExtension],
      h.logger,
      instancePaths(h.root),
    );
    await registry.loadCustom();
    const io = new CapturedIo();
    expect(await new JwtAlgorithmsCommand(registry).run(['--json'], io)).to.equal(0);
    const { algorithms, refused } = JSON.parse(io.lines.join('\n')) as { algorithms: AlgorithmRow[]; refused: [] };
    expect(refused).to.deep.equal([]);
    expect(algorithms.map((a) => a.alg)).to.deep.equal(registry.names());
    expect(algorithms.find((a) => a.alg === 'ES256K')).to.deep.equal({
      alg: 'ES256K',
      source: 'custom',
      from: path.join(dir, 'ES256K.js'),
      keyTypes: ['EC/secp256k1'],
      hash: 'sha256',
      selfTest: { result: 'passed' },
    });
    expect(algorithms.find((a) => a.alg === 'HS256X')).to.include({ source: 'extension', from: 'OtherExtensionHmac' });
    expect(algorithms.find((a) => a.alg === 'EdDSA')).to.deep.include({
      source: 'built-in',
      keyTypes: ['OKP/Ed25519'],
      hash: 'sha512',
      selfTest: { result: 'passed' },
    });
    expect(algorithms.every((a) => a.selfTest.result === 'passed')).to.equal(true);

    const text = new CapturedIo();
    expect(await new JwtAlgorithmsCommand(registry).run([], text)).to.equal(0);
    expect(text.lines[0]).to.match(/^alg\s+source\s+key types\s+hash\s+self-test\s+from$/);
    expect(text.lines.map((l) => l.replace(/\s+/g, ' '))).to.include(
      `ES256K custom EC/secp256k1 sha256 passed ${path.join(dir, 'ES256K.js')}`,
    );
  });

  it('names refused files with the reason and exits 1; bad arguments are a usage error', async () => {
    writeFileSync(path.join(dir, 'broken.js'), 'export default class { constructor() { this.alg = "X1"; } }');
    await h.registry.loadCustom();
    const io = new CapturedIo();
    expect(await new JwtAlgorithmsCommand(h.registry).run([], io)).to.equal(1);
    expect(io.lines.at(-1)).to.equal(`refused: ${path.join(dir, 'broken.js')}: keyTypes must be a non-empty array`);
    let usage: unknown;
    await new JwtAlgorithmsCommand(h.registry).run(['--nope'], io).catch((e: unknown) => (usage = e));
    expect(usage).to.include({ code: 'ERR_OIDC_CLI_USAGE' });
  });
});
