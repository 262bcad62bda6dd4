import { raw, type EntityManager } from '@mikro-orm/core';
import { User } from 'crm-host/sdk';
import { getClaim } from './claims.js';
import { IdentityLink } from './entities/IdentityLink.js';
import { ProvisioningError } from './errors.js';
import { findLinkedUser } from './login-reads.js';
import type { UsernameStrategy } from './username.js';
import type { ProvisioningRequest } from './types.js';

export type MatchResult =
  | { kind: 'link'; link: IdentityLink; user: User }
  | { kind: 'username' | 'email'; user: User; userName: string }
  | { kind: 'none'; userName: string };

/**
 * Finds the user of an identity: by identity link (issuer, sub, provider); else by normalized user
 * name (only a user with no identity link; a linked one is a collision and a denial); else, with
 * `oidcLinkByEmail` and `email_verified === true`, the single unlinked user with that email.
 */
export async function matchUser(
  em: EntityManager,
  request: ProvisioningRequest,
  sub: string,
  usernames: UsernameStrategy,
): Promise<MatchResult> {
  const key = { issuer: request.issuer, sub, providerKey: IdentityLink.providerKeyOf(request.providerId) };
  const linked = await findLinkedUser(em, key);
  if (linked) return { kind: 'link', link: linked.link, user: linked.user };

  const name = usernames.userNameFor(request.claims, request.settings.usernameClaim);
  if (!name.ok) throw new ProvisioningError(name.code);

  const byName = await em.findOne(User, { userName: name.userName });
  if (byName) {
    if ((await em.count(IdentityLink, { user: byName })) > 0) {
      // The reads run outside a transaction: a concurrent first login of this same identity may have
      // created the user and its link between the link lookup above and now. Look once more.
      const raced = await findLinkedUser(em, key);
      if (raced) return { kind: 'link', link: raced.link, user: raced.user };
      throw new ProvisioningError('ERR_OIDC_USERNAME_TAKEN');
    }
    return { kind: 'username', user: byName, userName: name.userName };
  }

  const email = getClaim(request.claims, 'email');
  if (
    request.settings.linkByEmail &&
    getClaim(request.claims, 'email_verified') === true &&
    typeof email === 'string' &&
    email.includes('@')
  ) {
    const column = em.getMetadata().get(User.name).properties['emailAddress']?.fieldNames[0] ?? 'email_address';
    const candidates = await em.find(User, { [raw(`lower(${column})`)]: email.trim().toLowerCase() });
    const unlinked: User[] = [];
    for (const user of candidates) {
      if ((await em.count(IdentityLink, { user })) === 0) unlinked.push(user);
    }
    if (unlinked.length > 1) throw new ProvisioningError('ERR_OIDC_EMAIL_AMBIGUOUS');
    if (unlinked.length === 1) return { kind: 'email', user: unlinked[0] as User, userName: name.userName };
  }
  return { kind: 'none', userName: name.userName };
}
