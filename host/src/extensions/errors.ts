import { HostError } from '../../sdk/errors.js';

/** Stable codes of the extension manager (documented in docs/extension-manager.md). */
export const EXTENSION_ERRORS = {
  /** The package path does not exist or is neither a .zip file nor a folder. */
  PACKAGE_NOT_FOUND: { code: 'ERR_EXTENSION_PACKAGE_NOT_FOUND', status: 404, key: 'packageNotFound' },
  /** The zip is corrupt, or extension.json is missing or not JSON. */
  PACKAGE_INVALID: { code: 'ERR_EXTENSION_PACKAGE_INVALID', status: 400, key: 'packageInvalid' },
  /** A path escapes the package (zip-slip, absolute path) or an entry is a symlink. */
  PACKAGE_UNSAFE: { code: 'ERR_EXTENSION_PACKAGE_UNSAFE', status: 400, key: 'packageUnsafe' },
  /** More entries or more bytes than the limits allow. */
  PACKAGE_TOO_LARGE: { code: 'ERR_EXTENSION_PACKAGE_TOO_LARGE', status: 413, key: 'packageTooLarge' },
  /** No acceptableVersions range matches the host version. */
  HOST_VERSION: { code: 'ERR_EXTENSION_HOST_VERSION', status: 409, key: 'hostVersionUnacceptable' },
  /** A dependency is not installed or its version does not match. */
  DEPENDENCY_MISSING: { code: 'ERR_EXTENSION_DEPENDENCY_MISSING', status: 409, key: 'dependencyMissing' },
  /** The package is older than the installed version. */
  DOWNGRADE: { code: 'ERR_EXTENSION_DOWNGRADE', status: 409, key: 'downgradeRefused' },
  /** A step after the checks failed; everything was rolled back. */
  INSTALL_FAILED: { code: 'ERR_EXTENSION_INSTALL_FAILED', status: 500, key: 'installFailed' },
  /** SIGINT/SIGTERM or an uncaught error of a lifecycle script stopped the install; it was rolled back. */
  INSTALL_INTERRUPTED: { code: 'ERR_EXTENSION_INSTALL_INTERRUPTED', status: 500, key: 'installInterrupted' },
  /** The extension is not installed. */
  NOT_INSTALLED: { code: 'ERR_EXTENSION_NOT_INSTALLED', status: 404, key: 'notInstalled' },
  /** Other installed extensions depend on the one to uninstall. */
  REQUIRED_BY_OTHERS: { code: 'ERR_EXTENSION_REQUIRED', status: 409, key: 'requiredByOthers' },
  /** A step of the uninstall failed; everything was rolled back. */
  UNINSTALL_FAILED: { code: 'ERR_EXTENSION_UNINSTALL_FAILED', status: 500, key: 'uninstallFailed' },
  /** Another install or uninstall is running on this instance. */
  BUSY: { code: 'ERR_EXTENSION_MANAGER_BUSY', status: 409, key: 'managerBusy' },
  /** Installs and uninstalls from the admin UI are turned off (config extensionUiInstalls, env CRM_EXTENSION_UI_INSTALLS). */
  UI_DISABLED: { code: 'ERR_EXTENSION_UI_INSTALLS_DISABLED', status: 403, key: 'uiInstallsDisabled' },
  /** The uploaded package is gone (installed, cancelled, refused, or older than an hour) or the id is unknown. */
  UPLOAD_NOT_FOUND: { code: 'ERR_EXTENSION_UPLOAD_NOT_FOUND', status: 404, key: 'uploadNotFound' },
  /** No install/uninstall job with this id (finished more than a day ago, or never). */
  JOB_NOT_FOUND: { code: 'ERR_EXTENSION_JOB_NOT_FOUND', status: 404, key: 'jobNotFound' },
  /** A lifecycle script does not default-export a function. */
  SCRIPT_INVALID: { code: 'ERR_EXTENSION_SCRIPT_INVALID', status: 400, key: 'scriptInvalid' },
} as const;

export type ExtensionErrorKind = keyof typeof EXTENSION_ERRORS;

export function extensionError(kind: ExtensionErrorKind, message: string, cause?: unknown): HostError {
  const def = EXTENSION_ERRORS[kind];
  return new HostError(def.code, message, { status: def.status, i18nKey: `Extension.messages.${def.key}`, cause });
}

/** A one-line description of an unknown thrown value (HostError code first), for step failures. */
export function describeError(error: unknown): string {
  if (HostError.is(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
