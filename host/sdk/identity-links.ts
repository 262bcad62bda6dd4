/** One IdP identity linked to a host user, as an {@link IdentityLinkSource} reports it. */
export interface IdentityLinkInfo {
  /** The link's id (unique within its source). */
  id: string;
  userId: string;
  /** The identity provider's issuer (`iss`). */
  issuer: string;
  /** The subject at that issuer (`sub`). */
  subject: string;
  /** The extension's authentication provider (e.g. a portal's), or null for the default configuration. */
  providerId: string | null;
  linkedAt: Date;
  lastLoginAt: Date | null;
}

/**
 * Extension point (`TYPES.IdentityLinkSource`, multi-binding): an extension that links IdP identities to
 * host users lets the host's user administration list and remove them without importing extension code.
 */
export interface IdentityLinkSource {
  /** Short name shown with each link, e.g. `oidc`. Unique among the bound sources. */
  readonly name: string;
  /** The links of these users (any order). */
  listForUsers(userIds: readonly string[]): Promise<IdentityLinkInfo[]>;
  /**
   * Removes one link of the user; returns what was removed, or null when the user has no such link. The
   * host then ends the user's sessions that came from that identity.
   */
  unlink(userId: string, linkId: string): Promise<IdentityLinkInfo | null>;
}
