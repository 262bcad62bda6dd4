import semver from 'semver';
import { HOST_VERSION } from '../../sdk/extension.js';
import { extensionError } from './errors.js';
import type { ExtensionManifest } from './manifest.js';
import type { ExtensionRecordData } from './records.js';

/** Throws ERR_EXTENSION_HOST_VERSION unless some `acceptableVersions` range contains the host version. */
export function checkHostVersion(manifest: ExtensionManifest, hostVersion: string = HOST_VERSION): void {
  const ok = manifest.acceptableVersions.some((range) =>
    semver.satisfies(hostVersion, range, { includePrerelease: true }),
  );
  if (!ok) {
    throw extensionError(
      'HOST_VERSION',
      `${manifest.name} ${manifest.version} does not support host version ${hostVersion} (accepts ${manifest.acceptableVersions.join(' or ')})`,
    );
  }
}

/** Throws ERR_EXTENSION_DEPENDENCY_MISSING naming every dependency that is absent or of a wrong version. */
export function checkDependencies(manifest: ExtensionManifest, installed: readonly ExtensionRecordData[]): void {
  const problems: string[] = [];
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    const found = installed.find((record) => record.name === name && record.isInstalled);
    if (!found) problems.push(`${name} ${range} is not installed`);
    else if (!semver.satisfies(found.version, range, { includePrerelease: true })) {
      problems.push(`${name} ${range} is needed but ${found.version} is installed`);
    }
  }
  if (problems.length > 0) {
    throw extensionError('DEPENDENCY_MISSING', `${manifest.name} ${manifest.version} needs: ${problems.join('; ')}`);
  }
}

/** Throws ERR_EXTENSION_DOWNGRADE when the package is older than the installed version. */
export function checkNotOlder(manifest: ExtensionManifest, installedVersion: string | null): void {
  if (installedVersion !== null && semver.lt(manifest.version, installedVersion)) {
    throw extensionError(
      'DOWNGRADE',
      `${manifest.name} ${installedVersion} is installed; refusing to install the older ${manifest.version} (uninstall it first)`,
    );
  }
}

/** An installed extension that depends on the one being installed, with the range it needs. */
export interface Dependent {
  readonly name: string;
  readonly range: string;
}

/** Throws ERR_EXTENSION_REQUIRED when the new version falls outside a range installed dependents need. */
export function checkDependents(manifest: ExtensionManifest, dependents: readonly Dependent[]): void {
  const broken = dependents.filter((d) => !semver.satisfies(manifest.version, d.range, { includePrerelease: true }));
  if (broken.length > 0) {
    throw extensionError(
      'REQUIRED_BY_OTHERS',
      `${manifest.name} ${manifest.version} would break installed extensions: ${broken.map((d) => `${d.name} needs ${manifest.name} ${d.range}`).join('; ')}`,
    );
  }
}
