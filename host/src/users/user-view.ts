import type { User, UserType } from '../../sdk/entities/User.js';
import type { IdentityLinkInfo } from '../../sdk/identity-links.js';

export interface MembershipView {
  id: string;
  name: string;
  /** `manual` (an admin) or the mapper that made it, e.g. `oidc`. */
  source: string;
}

export interface IdentityLinkView {
  /** The {@link IdentityLinkSource} that reported it, e.g. `oidc`. */
  source: string;
  id: string;
  issuer: string;
  subject: string;
  providerId: string | null;
  linkedAt: string;
  lastLoginAt: string | null;
}

/** A user as the user administration shows it (never the password hash). */
export interface UserAdminView {
  id: string;
  userName: string;
  name: string | null;
  emailAddress: string | null;
  type: UserType;
  isActive: boolean;
  hasPassword: boolean;
  createdAt: string;
  teams: MembershipView[];
  identityLinks: IdentityLinkView[];
}

export function linkView(source: string, link: IdentityLinkInfo): IdentityLinkView {
  return {
    source,
    id: link.id,
    issuer: link.issuer,
    subject: link.subject,
    providerId: link.providerId,
    linkedAt: new Date(link.linkedAt).toISOString(),
    lastLoginAt: link.lastLoginAt ? new Date(link.lastLoginAt).toISOString() : null,
  };
}

export function userView(user: User, teams: MembershipView[], identityLinks: IdentityLinkView[]): UserAdminView {
  return {
    id: user.id,
    userName: user.userName,
    name: user.name,
    emailAddress: user.emailAddress,
    type: user.type,
    isActive: user.isActive,
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
    teams,
    identityLinks,
  };
}
