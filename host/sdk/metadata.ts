/** JSON metadata merged core < extensions (by order) < custom/. Objects merge deeply; arrays replace
 * unless their first element is `"__APPEND__"`. */
export interface MetadataService {
  /** A value by path, e.g. `get(['authenticationMethods', 'Oidc', 'settings'])` or `get('app.config')`. */
  get<T = unknown>(path: string | readonly string[], fallback?: T): T | undefined;
  /** The whole merged tree (do not mutate). */
  all(): Readonly<Record<string, unknown>>;
}

export interface I18nService {
  /** Translates `scope.category.key` (e.g. `translate('Settings', 'fields', 'oidcClientId')`), falling
   * back to en_US and then to the key itself. */
  translate(scope: string, category: string, key: string, language?: string): string;
  /** The merged tree of one language, with en_US filled in key by key. */
  language(language: string): Readonly<Record<string, unknown>>;
  /** Languages that have at least one file. */
  languages(): string[];
}
