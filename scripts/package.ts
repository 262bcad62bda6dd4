/**
 * `npm run package`: builds build/oidc-auth-<version>.zip and build/oidc-auth-<version>/ from the tsc
 * output. `--if-stale` skips the work when the zip is newer than everything it is made from.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPackage, isPackageStale } from './packaging/build-package.js';

// Compiled to dist/scripts/package.js: the repository root is two levels up.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<number> {
  let values: { 'if-stale'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`package: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write('Usage: node dist/scripts/package.js [--if-stale]\n');
    return 0;
  }
  if (values['if-stale'] && !(await isPackageStale(repoRoot))) {
    process.stdout.write('package: build/ is up to date\n');
    return 0;
  }
  await buildPackage({ repoRoot, log: (line) => process.stdout.write(`package: ${line}\n`) });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`package: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
