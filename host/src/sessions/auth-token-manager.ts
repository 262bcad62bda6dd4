import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { inject, injectable, optional } from 'inversify';
import type { ConfigService } from '../../sdk/config.js';
import { AuthToken } from '../../sdk/entities/AuthToken.js';
import { User } from '../../sdk/entities/User.js';
import { HostError } from '../../sdk/errors.js';
import type { Clock } from '../../sdk/logger.js';
import type { Persistence } from '../../sdk/persistence.js';
import type { SecretBox } from '../../sdk/secrets.js';
import type { AuthTokenManager, CreatedSession, IdpSessionInfo } from '../../sdk/sessions.js';
import { TYPES } from '../../sdk/tokens.js';
import { insertRow } from '../db/row-insert.js';
import { LAST_ACCESS_RESOLUTION_MS, sessionLimits } from './session-config.js';

export const SESSION_COOKIE_NAME = 'crm_session';

/** 256 random bits, base64url without padding: exactly 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The AAD of a session's sealed ID token: bound to its row. */
export function idTokenContext(sessionId: string): string {
  return `auth_tokens.id_token:${sessionId}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function clip(value: string | null | undefined, max: number): string | null {
  return value === undefined || value === null ? null : value.slice(0, max);
}

/**
 * Host sessions backed by AuthToken rows. The cookie carries a random 256-bit token; only its SHA-256
 * hash is stored. Expiry: absolute lifetime (`authTokenLifetime`) and idle time (`authTokenMaxIdleTime`).
 */
@injectable()
export class DbAuthTokenManager implements AuthTokenManager {
  readonly cookieName = SESSION_COOKIE_NAME;

  constructor(
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.Clock) private readonly clock: Clock,
    @inject(TYPES.SecretBox) @optional() private readonly box?: SecretBox,
  ) {}

  async create(input: {
    userId: string;
    method: string;
    ipAddress?: string | null;
    idp?: IdpSessionInfo;
    portalId?: string | null;
  }): Promise<CreatedSession> {
    const token = randomBytes(32).toString('base64url');
    const em = this.persistence.em();
    const now = new Date(this.clock.now());
    const session = Object.assign(new AuthToken(), {
      tokenHash: hashToken(token),
      user: em.getReference(User, input.userId),
      method: input.method,
      isActive: true,
      createdAt: now,
      lastAccess: now,
      ipAddress: clip(input.ipAddress, 45),
      idpIssuer: clip(input.idp?.issuer, 255),
      idpSid: clip(input.idp?.sid, 255),
      idpSub: clip(input.idp?.sub, 255),
      idpProviderId: input.idp?.providerId ?? null,
      portalId: input.portalId ?? null,
    });
    // Kept for id_token_hint only: sealed with the host key (a database dump shows no ID token).
    const idToken = input.idp?.idToken ?? null;
    session.idToken = idToken && this.box ? this.box.seal(idToken, idTokenContext(session.id)) : idToken;
    // One INSERT of plain values (no unit of work, no BEGIN/COMMIT): this runs on every login.
    await insertRow(em, AuthToken, { ...session, user: input.userId });
    return { token, session };
  }

  /** The active session row of a cookie token, with its user, on a fresh EntityManager. */
  private async activeSession(token: string): Promise<{ em: EntityManager; session: AuthToken } | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const em = this.persistence.em();
    const session = await em.findOne(
      AuthToken,
      { tokenHash: hashToken(token), isActive: true },
      { populate: ['user'] },
    );
    return session ? { em, session } : null;
  }

  async find(token: string): Promise<AuthToken | null> {
    const found = await this.activeSession(token);
    if (!found) return null;
    const { em, session } = found;
    const now = this.clock.now();
    const { lifetimeMs, maxIdleMs } = sessionLimits(this.config);
    const expired =
      (lifetimeMs > 0 && now - session.createdAt.getTime() > lifetimeMs) ||
      (maxIdleMs > 0 && now - session.lastAccess.getTime() > maxIdleMs) ||
      !session.user.isActive;
    if (expired) {
      await em.nativeUpdate(AuthToken, { id: session.id }, { isActive: false });
      return null;
    }
    if (now - session.lastAccess.getTime() >= LAST_ACCESS_RESOLUTION_MS) {
      session.lastAccess = new Date(now);
      await em.nativeUpdate(AuthToken, { id: session.id }, { lastAccess: session.lastAccess });
    }
    return session;
  }

  async destroy(token: string): Promise<AuthToken | null> {
    const found = await this.activeSession(token);
    if (!found) return null;
    const { em, session } = found;
    const changed = await em.nativeUpdate(AuthToken, { id: session.id, isActive: true }, { isActive: false });
    if (changed === 0) return null; // ended concurrently
    session.isActive = false;
    return session;
  }

  async destroyWhere(filter: {
    issuer: string;
    sid?: string;
    sub?: string;
    userId?: string;
    providerId?: string | null;
  }): Promise<number> {
    if (!filter.issuer || (!filter.sid && !filter.sub && !filter.userId)) {
      throw new HostError('ERR_SESSION_FILTER_TOO_BROAD', 'Ending sessions needs an issuer and a sid, sub or user', {
        status: 500,
        i18nKey: 'Global.messages.internalError',
      });
    }
    const where: Record<string, unknown> = { idpIssuer: filter.issuer, isActive: true };
    if (filter.sid) where.idpSid = filter.sid;
    if (filter.sub) where.idpSub = filter.sub;
    if (filter.userId) where.user = filter.userId;
    if (filter.providerId !== undefined) where.idpProviderId = filter.providerId;
    return this.persistence.em().nativeUpdate(AuthToken, where, { isActive: false });
  }

  async destroyForUser(userId: string): Promise<number> {
    return this.persistence.em().nativeUpdate(AuthToken, { user: userId, isActive: true }, { isActive: false });
  }

  async idTokenOf(sessionId: string): Promise<string | null> {
    const session = await this.persistence.em().findOne(AuthToken, { id: sessionId }, { populate: ['idToken'] });
    const stored = session?.idToken ?? null;
    if (stored === null || !this.box) return stored;
    try {
      return this.box.open(stored, idTokenContext(sessionId));
    } catch {
      return null; // sealed with a key this host lacks: logout goes on without id_token_hint
    }
  }
}
