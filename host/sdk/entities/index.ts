export { newId } from './ids.js';
export { User, USER_TYPES, type UserType } from './User.js';
export { Team } from './Team.js';
export { TeamMembership } from './TeamMembership.js';
export { AuthToken } from './AuthToken.js';
export { AuthLogRecord, type AuthResult } from './AuthLogRecord.js';
export { Extension } from './Extension.js';
export { Portal, PORTAL_URL_ID_PATTERN } from './Portal.js';
export { PortalUser } from './PortalUser.js';

import { AuthLogRecord } from './AuthLogRecord.js';
import { AuthToken } from './AuthToken.js';
import { Extension } from './Extension.js';
import { Portal } from './Portal.js';
import { PortalUser } from './PortalUser.js';
import { Team } from './Team.js';
import { TeamMembership } from './TeamMembership.js';
import { User } from './User.js';

/** The host's own entities, in the order the ORM registers them. */
export const HOST_ENTITIES = [
  User,
  Team,
  TeamMembership,
  AuthToken,
  AuthLogRecord,
  Extension,
  Portal,
  PortalUser,
] as const;
