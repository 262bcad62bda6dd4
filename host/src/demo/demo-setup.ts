// Pre-configures an instance for the demo: the dev IdP's endpoints and client in the OIDC settings, the
// demo teams, and the group -> team mapping. Rewritten at every `crm-host start --demo` (the dev IdP gets
// new keys and a new client secret each time).
import { randomBytes } from 'node:crypto';
import type { ConfigValue } from '../../sdk/config.js';
import { Team } from '../../sdk/entities/Team.js';
import { HostError } from '../../sdk/errors.js';
import type { Host } from '../app/host.js';
import { settingsFieldDefs } from '../settings/field-defs.js';
import { DEMO_CLIENT_ID, DEMO_TEAM_MAPPING, DEMO_TEAMS } from './demo-data.js';
import type { DevIdp } from './dev-idp.js';

export const DEMO_PROVIDER_LABEL = 'Demo IdP';

export function newDemoClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The settings the demo writes (exported for tests and docs). */
export function demoSettings(idp: DevIdp, siteUrl: string, clientSecret: string): Record<string, ConfigValue> {
  return {
    siteUrl,
    authenticationMethod: 'Oidc',
    oidcProviderLabel: DEMO_PROVIDER_LABEL,
    oidcClientId: DEMO_CLIENT_ID,
    oidcClientSecret: clientSecret,
    oidcIssuer: idp.issuer,
    oidcAuthorizationEndpoint: idp.endpoints.authorization,
    oidcTokenEndpoint: idp.endpoints.token,
    oidcUserInfoEndpoint: idp.endpoints.userinfo,
    oidcJwksEndpoint: idp.endpoints.jwks,
    oidcJwtSignatureAlgorithmList: ['RS256'],
    oidcTokenEndpointAuthMethod: 'client_secret_basic',
    oidcScopes: ['profile', 'email', 'groups'],
    oidcUsernameClaim: 'preferred_username',
    oidcCreateUser: true,
    oidcSync: true,
    oidcGroupClaim: 'groups',
    oidcTeams: DEMO_TEAM_MAPPING.map((rule) => ({ ...rule })),
    oidcSyncTeams: true,
    oidcFallback: true,
    oidcAllowRegularUserFallback: false,
    oidcAllowAdminUser: true,
    oidcLogoutUrl: `${idp.endpoints.endSession}?client_id={clientId}&post_logout_redirect_uri={siteUrl}`,
  };
}

/** Writes the demo settings and creates the demo teams that are missing. */
export async function configureDemo(host: Host, idp: DevIdp, siteUrl: string, clientSecret: string): Promise<void> {
  const defs = settingsFieldDefs(host.metadata);
  if (!Object.hasOwn(defs, 'oidcIssuer')) {
    throw new HostError(
      'ERR_DEMO_EXTENSION_MISSING',
      'The demo needs the oidc-auth extension (its settings are unknown)',
      {
        status: 500,
      },
    );
  }
  await host.persistence.transactional(async (em) => {
    const existing = new Set((await em.find(Team, { name: { $in: [...DEMO_TEAMS] } })).map((t) => t.name));
    for (const name of DEMO_TEAMS) if (!existing.has(name)) em.persist(em.create(Team, { name } as never));
  });
  await host.config.set(demoSettings(idp, siteUrl, clientSecret));
}
