/** Folders of one host instance. Everything an upgrade must keep lives in `custom` and `data`. */
export interface InstancePaths {
  /** The instance root. */
  readonly root: string;
  /** Runtime data: embedded database, caches, uploads (`<root>/data`). */
  readonly data: string;
  /** Upgrade-safe customizations: metadata, i18n, bindings, drop-in classes (`<root>/custom`). */
  readonly custom: string;
  /** Installed extensions, one folder each (`<root>/extensions/<name>`). */
  readonly extensions: string;
}

/** The public URL of the host as configured (`siteUrl`), never derived from a request. */
export interface SiteUrl {
  /** e.g. `https://crm.example.com` (no trailing slash). */
  get(): string;
  /** `get()` + path (path starts with `/`). */
  resolve(path: string): string;
}
