import { HostError } from '../../../sdk/errors.js';
import type { RouteDefinition } from '../../../sdk/http.js';
import { withProvidedOptions, type OptionsLookup, type SettingsFieldDef } from '../../settings/field-defs.js';
import type { HttpContext } from '../http-context.js';
import { queryValue } from '../request-adapter.js';

/** A path in `app.metadata.frontendHiddenPaths`: `"a.b.c"` or `["a","b","c"]`; `__ANY__` matches every key. */
type HiddenPath = string | string[];

function removePath(node: unknown, path: readonly string[]): void {
  if (node === null || typeof node !== 'object' || path.length === 0) return;
  const record = node as Record<string, unknown>;
  const [head, ...rest] = path;
  const keys =
    head === '__ANY__' ? Object.keys(record) : Object.prototype.hasOwnProperty.call(record, head) ? [head] : [];
  for (const key of keys) {
    if (rest.length === 0) delete record[key];
    else removePath(record[key], rest);
  }
}

/**
 * The merged metadata without the server-only paths (a deep copy; the cached tree is never touched). With
 * `lookup`, Settings fields that name an `optionsProvider` get its current values as `options`, so forms
 * (settings, authentication providers) list exactly what a save accepts.
 */
export function frontendMetadata(
  all: Readonly<Record<string, unknown>>,
  lookup?: OptionsLookup,
): Record<string, unknown> {
  const copy = structuredClone(all) as Record<string, unknown>;
  const settings = (copy.entityDefs as Record<string, { fields?: Record<string, SettingsFieldDef> }> | undefined)
    ?.Settings;
  if (lookup && settings?.fields) settings.fields = withProvidedOptions(settings.fields, lookup);
  const hidden = ((copy.app as Record<string, Record<string, unknown>> | undefined)?.metadata?.frontendHiddenPaths ??
    []) as HiddenPath[];
  for (const entry of hidden) {
    const path = Array.isArray(entry) ? entry : String(entry).split('.');
    if (path.length > 0 && path.every((p) => typeof p === 'string' && p !== '')) removePath(copy, path);
  }
  return copy;
}

const LANGUAGE = /^[a-z]{2,3}_[A-Z]{2}$/;

/** `GET /api/v1/Metadata` (signed-in users) and `GET /api/v1/I18n?language=xx_XX` (public: the login page). */
export function metadataRoutes(ctx: HttpContext): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/Metadata',
      access: 'user',
      handler(_request, reply) {
        reply.json(frontendMetadata(ctx.metadata.all(), ctx.settings.optionsLookup()));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/I18n',
      access: 'none',
      handler(request, reply) {
        const asked = queryValue(request, 'language');
        if (asked !== undefined && !LANGUAGE.test(asked)) {
          throw new HostError('ERR_LANGUAGE_INVALID', 'language must look like en_US', {
            status: 400,
            i18nKey: 'Global.messages.badRequest',
          });
        }
        const language = asked && ctx.i18n.languages().includes(asked) ? asked : request.language;
        reply.json({ language, data: ctx.i18n.language(language) });
      },
    },
  ];
}
