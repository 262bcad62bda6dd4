import type { ConfigValue } from 'crm-host/sdk';

/**
 * A complete OIDC configuration as a settings save sends it (client, issuer, the three endpoints at
 * `https://idp.example.com`): the base unit tests of settings validation spread their changes over.
 */
export const COMPLETE_OIDC_SETTINGS: Readonly<Record<string, ConfigValue>> = {
  authenticationMethod: 'Oidc',
  oidcClientId: 'crm',
  oidcClientSecret: 'secret-value',
  oidcIssuer: 'https://idp.example.com',
  oidcAuthorizationEndpoint: 'https://idp.example.com/a',
  oidcTokenEndpoint: 'https://idp.example.com/t',
  oidcJwksEndpoint: 'https://idp.example.com/j',
};
