import {
  HostError,
  TYPES,
  type ConfigService,
  type ConfigValue,
  type HttpRouter,
  type MetadataService,
  type RouteProvider,
  type SiteUrl,
} from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { LoginStarter } from '../login-starter.js';
import type { OidcSettingsSource } from '../settings-source.js';
import { OIDC_TYPES } from '../tokens.js';
import { readDraftSettings } from './draft-settings-source.js';
import { DRAFT_PROVIDER_PREFIX, settingsFingerprint, type TestLoginDraftStore } from './drafts.js';
import { TEST_LOGIN_TYPES } from './tokens.js';

export const TEST_LOGIN_API = '/api/v1/Oidc/testLogin';
export const TEST_LOGIN_START = '/oidc/test-login';

type FieldDefs = Record<string, { default?: ConfigValue; readOnly?: boolean; notStorable?: boolean }>;

/** Names of the storable settings fields (what a save compares and the fingerprint covers). */
export function storableSettings(metadata: MetadataService): string[] {
  const defs = metadata.get<FieldDefs>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
  return Object.entries(defs)
    .filter(([, d]) => !d.readOnly && !d.notStorable)
    .map(([n]) => n);
}

/** Saved values (with defaults) merged with a patch, the way the settings API computes `next`. */
export function valuesAfter(
  config: ConfigService,
  metadata: MetadataService,
  patch: Record<string, ConfigValue>,
): Record<string, ConfigValue> {
  const defs = metadata.get<FieldDefs>(['entityDefs', 'Settings', 'fields'], {}) ?? {};
  const out: Record<string, ConfigValue> = {};
  for (const name of storableSettings(metadata)) {
    out[name] = Object.hasOwn(patch, name) ? (patch[name] ?? null) : (config.get(name, defs[name]?.default) ?? null);
  }
  return out;
}

/**
 * `POST /api/v1/Oidc/testLogin` (admin): `{ values }` = the form's unsaved changes -> `{ id, url }`; the
 * settings page opens `url` (`GET /oidc/test-login?draft=<id>`) in a popup, which signs in at the IdP with
 * those settings (transaction mode `test`). `GET /api/v1/Oidc/testLogin?draft=<id>` -> `{ report }`.
 */
@injectable()
export class TestLoginRoutes implements RouteProvider {
  constructor(
    @inject(TEST_LOGIN_TYPES.DraftStore) private readonly drafts: TestLoginDraftStore,
    @inject(OIDC_TYPES.LoginStarter) private readonly starter: LoginStarter,
    @inject(OIDC_TYPES.SettingsSource) private readonly settingsSource: OidcSettingsSource,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.Metadata) private readonly metadata: MetadataService,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
  ) {}

  register(router: HttpRouter): void {
    router.route({
      method: 'POST',
      path: TEST_LOGIN_API,
      access: 'admin',
      bodyLimit: 64 * 1024,
      handler: (request, reply) => {
        const body = request.body as { values?: unknown } | undefined;
        const patch = body?.values;
        if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
          throw new HostError('ERR_BAD_REQUEST', 'values must be an object of settings', {
            status: 400,
            i18nKey: 'Global.messages.badRequest',
          });
        }
        const values = valuesAfter(this.config, this.metadata, patch as Record<string, ConfigValue>);
        // Refuses incomplete settings now, with per-field messages (OidcSettingsError, fields).
        readDraftSettings(values, this.siteUrl.get(), (alg) => this.settingsSource.isSymmetric(alg));
        const draft = this.drafts.create({
          adminId: request.user!.id,
          values,
          fingerprint: settingsFingerprint(values, storableSettings(this.metadata)),
        });
        reply.json({ id: draft.id, url: `${TEST_LOGIN_START}?draft=${draft.id}` });
      },
    });
    router.route({
      method: 'GET',
      path: TEST_LOGIN_API,
      access: 'admin',
      handler: (request, reply) => {
        const draft = this.drafts.get(request.query['draft']);
        if (!draft || draft.adminId !== request.user?.id) {
          throw new HostError('ERR_NOT_FOUND', 'No such test login', {
            status: 404,
            i18nKey: 'Global.messages.notFound',
          });
        }
        reply.json({ report: draft.report });
      },
    });
    router.route({
      method: 'GET',
      path: TEST_LOGIN_START,
      access: 'admin',
      handler: async (request, reply) => {
        const draft = this.drafts.get(request.query['draft']);
        if (!draft || draft.adminId !== request.user?.id) {
          throw new HostError('ERR_NOT_FOUND', 'No such test login', {
            status: 404,
            i18nKey: 'Global.messages.notFound',
          });
        }
        await this.starter.start(request, reply, {
          mode: 'test',
          providerId: `${DRAFT_PROVIDER_PREFIX}${draft.id}`,
          returnTo: '/admin/settings',
        });
      },
    });
  }
}
