import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, findBoundaryViolations } from '../../support/import-boundary.js';

// Compiled to dist/test/unit/architecture; the sources live at the repository root.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('import boundary: src/ reaches the host only through crm-host/sdk', () => {
  it('src/ has no import of host internals', () => {
    const violations = findBoundaryViolations(path.join(repoRoot, 'src'));
    expect(violations, JSON.stringify(violations, null, 2)).to.deep.equal([]);
  });

  it('detects the violations planted in test/fixtures/boundary/src', () => {
    const violations = findBoundaryViolations(path.join(repoRoot, 'test/fixtures/boundary/src'));
    expect(violations.map((v) => v.specifier).sort()).to.deep.equal([
      '../../../../host/src/config/config-service.js',
      'crm-host/internal/http/server.js',
      'crm-host/testing',
    ]);
  });

  it('allows the SDK, packages, node builtins and relative imports inside src/', () => {
    const file = path.join(repoRoot, 'src/jwt/verifier.ts');
    const srcRoot = path.join(repoRoot, 'src');
    for (const ok of ['crm-host/sdk', 'jose', 'inversify', 'node:crypto', 'crypto', './registry.js', '../oidc/x.js']) {
      expect(classify(ok, file, srcRoot), ok).to.equal(null);
    }
    for (const bad of ['crm-host', 'crm-host/internal/app/boot.js', '../../host/sdk/index.js', '#host/sdk']) {
      expect(classify(bad, file, srcRoot), bad).to.be.a('string');
    }
  });
});
