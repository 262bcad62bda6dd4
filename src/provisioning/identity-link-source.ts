import { TYPES, type IdentityLinkInfo, type IdentityLinkSource, type Persistence } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { IdentityLink } from './entities/IdentityLink.js';

/** Name the host's user administration shows with these links. */
export const IDENTITY_LINK_SOURCE_NAME = 'oidc';

/** Ids per query: well under the bind-parameter limits of SQLite and MySQL. */
const CHUNK = 500;

function infoOf(link: IdentityLink): IdentityLinkInfo {
  return {
    id: link.id,
    userId: typeof link.user === 'string' ? link.user : link.user.id,
    issuer: link.issuer,
    subject: link.sub,
    providerId: link.providerId,
    linkedAt: link.createdAt,
    lastLoginAt: link.lastLoginAt,
  };
}

/**
 * The extension's identity links (`oidc_identity_links`) for the host's user administration
 * (`TYPES.IdentityLinkSource`): the host lists and removes them without importing this extension.
 * Removing a link makes the next sign-in of that identity match like a first one.
 */
@injectable()
export class IdentityLinkDirectory implements IdentityLinkSource {
  readonly name = IDENTITY_LINK_SOURCE_NAME;

  constructor(@inject(TYPES.Persistence) private readonly persistence: Persistence) {}

  async listForUsers(userIds: readonly string[]): Promise<IdentityLinkInfo[]> {
    const out: IdentityLinkInfo[] = [];
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const ids = userIds.slice(i, i + CHUNK);
      const links = await this.persistence
        .em()
        .find(IdentityLink, { user: { $in: ids } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      out.push(...links.map(infoOf));
    }
    return out;
  }

  async unlink(userId: string, linkId: string): Promise<IdentityLinkInfo | null> {
    if (typeof linkId !== 'string' || linkId === '' || linkId.length > 36) return null;
    const em = this.persistence.em();
    const link = await em.findOne(IdentityLink, { id: linkId, user: userId });
    if (!link) return null;
    const removed = await em.nativeDelete(IdentityLink, { id: link.id, user: userId });
    return removed > 0 ? infoOf(link) : null;
  }
}
