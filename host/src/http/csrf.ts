import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConfigService } from '../../sdk/config.js';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_SECRET_KEY = 'csrfSecret';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * CSRF tokens derived from the session: HMAC-SHA256 of the session id with a per-instance secret kept in
 * config (`csrfSecret`, level `secret`). Nothing per session is stored; a new session gets a new token.
 */
export class CsrfTokens {
  constructor(private readonly config: ConfigService) {}

  /** Creates the instance secret on first use. */
  async ensureSecret(): Promise<void> {
    await this.config.refresh();
    if (!this.currentSecret()) await this.config.set({ [CSRF_SECRET_KEY]: randomBytes(32).toString('base64url') });
  }

  private currentSecret(): string | null {
    const secret = this.config.get(CSRF_SECRET_KEY);
    return typeof secret === 'string' && secret.length >= 32 ? secret : null;
  }

  private secret(): string {
    const secret = this.currentSecret();
    if (!secret) throw new Error('The CSRF secret is missing (call ensureSecret at start)');
    return secret;
  }

  tokenFor(sessionId: string): string {
    return createHmac('sha256', this.secret()).update(`csrf:${sessionId}`).digest('base64url');
  }

  verify(sessionId: string, presented: string | string[] | undefined): boolean {
    if (typeof presented !== 'string' || presented.length === 0 || presented.length > 128) return false;
    const expected = Buffer.from(this.tokenFor(sessionId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
