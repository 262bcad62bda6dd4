import { HOST_VERSION } from '../../sdk/extension.js';
import { HostError } from '../../sdk/errors.js';
import { checkDependencies, checkDependents, checkHostVersion, checkNotOlder } from './compatibility.js';
import { dependentsOf, managerWorkDirs } from './installed-folders.js';
import type { ExtensionManagerDeps } from './manager-deps.js';
import { readPackage, validatePackageManifest } from './package-reader.js';
import { ExtensionRecords } from './records.js';

/** What installing a package would do: a first install, an upgrade, a reinstall, or a refused downgrade. */
export type PreviewAction = 'install' | 'upgrade' | 'reinstall' | 'downgrade';

export interface PreviewProblem {
  readonly code: string;
  readonly message: string;
  readonly i18nKey: string | undefined;
}

export interface PackagePreview {
  readonly name: string;
  readonly version: string;
  readonly description: string | null;
  readonly author: string | null;
  readonly releaseDate: string | null;
  readonly acceptableVersions: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
  readonly hostVersion: string;
  readonly action: PreviewAction;
  readonly previousVersion: string | null;
  /** Why the install would be refused (host version, dependencies, downgrade, dependents); empty: installable. */
  readonly problems: readonly PreviewProblem[];
  readonly installable: boolean;
}

function problemOf(error: unknown): PreviewProblem {
  if (HostError.is(error)) return { code: error.code, message: error.message, i18nKey: error.i18nKey };
  throw error;
}

/**
 * Reads a package and runs the install's checks (steps 1-6) without changing anything: the package's
 * manifest and what an install would do. An unreadable package or an invalid manifest throws its code.
 */
export async function previewPackage(deps: ExtensionManagerDeps, source: string): Promise<PackagePreview> {
  const pkg = await readPackage(source, { stagingRoot: managerWorkDirs(deps.paths.data).staging, limits: deps.limits });
  try {
    const manifest = validatePackageManifest(pkg);
    const records = new ExtensionRecords(deps.persistence);
    const before = await records.find(manifest.name);
    const previousVersion = before?.isInstalled ? before.version : null;
    const problems: PreviewProblem[] = [];
    const attempt = (check: () => void): void => {
      try {
        check();
      } catch (error) {
        problems.push(problemOf(error));
      }
    };
    attempt(() => checkHostVersion(manifest));
    const installed = await records.installed();
    attempt(() => checkDependencies(manifest, installed));
    let action: PreviewAction = previousVersion === null ? 'install' : 'upgrade';
    attempt(() => checkNotOlder(manifest, previousVersion));
    if (previousVersion !== null && problems.some((p) => p.code === 'ERR_EXTENSION_DOWNGRADE')) action = 'downgrade';
    else if (previousVersion === manifest.version) action = 'reinstall';
    const dependents = await dependentsOf(deps, manifest.name);
    attempt(() => checkDependents(manifest, dependents));
    return {
      name: manifest.name,
      version: manifest.version,
      description: manifest.description ?? null,
      author: manifest.author ?? null,
      releaseDate: manifest.releaseDate ?? null,
      acceptableVersions: manifest.acceptableVersions,
      dependencies: manifest.dependencies ?? {},
      hostVersion: HOST_VERSION,
      action,
      previousVersion,
      problems,
      installable: problems.length === 0,
    };
  } finally {
    await pkg.dispose();
  }
}
