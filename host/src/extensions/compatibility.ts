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
