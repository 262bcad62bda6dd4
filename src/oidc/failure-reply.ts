import {
  HostError,
  TYPES,
  type AuthLog,
  type Clock,
  type HttpReply,
  type HttpRequest,
  type Logger,
} from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { ErrorPageRenderer } from './error-page.js';
import { OidcError } from './errors.js';
import { OIDC_METHOD_NAME } from './settings-source.js';
import { OIDC_TYPES } from './tokens.js';
import { WarnSampler } from './warn-sampler.js';

/** Statuses a sign-in failure page answers with; anything else is mapped onto them. */
const PAGE_STATUSES = new Set([400, 401, 403, 429, 502, 503]);

export interface FailureContext {
  /** The step that failed, for the admin log (`state`, `token`, `id_token`, `userinfo`, ...). */
  step: string;
  /** The user name as resolved or attempted (never a token). */
  userName?: string | null;
  userId?: string | null;
  retryUrl: string;
  passwordUrl: string | null;
}

/**
 * Turns any failure of the flow into: one admin log line (code, step, claim/reason of JWT errors; never a
 * token, code or secret; sampled per code and minute, see {@link WarnSampler}), one AuthLog record with the
 * reason code (aggregated by the host per address, reason and window), and the HTML error page.
 */
@injectable()
export class FailureReply {
  private readonly sampler: WarnSampler;

  constructor(
    @inject(TYPES.AuthLog) private readonly authLog: AuthLog,
    @inject(TYPES.Logger) private readonly logger: Logger,
    @inject(OIDC_TYPES.ErrorPageRenderer) private readonly pages: ErrorPageRenderer,
    @inject(TYPES.Clock) clock: Clock,
  ) {
    this.sampler = new WarnSampler(clock, logger);
  }

  async send(request: HttpRequest, reply: HttpReply, failure: unknown, context: FailureContext): Promise<void> {
    const error = this.normalize(failure, context.step);
    const details: Record<string, unknown> = { reasonCode: error.code, step: context.step, ip: request.ip };
    const jwt = error as HostError & { claim?: unknown; reason?: unknown };
    if (typeof jwt.claim === 'string') details['claim'] = jwt.claim;
    if (typeof jwt.reason === 'string') details['reason'] = jwt.reason;
    if (error instanceof OidcError && error.idpError) details['idpError'] = error.idpError;
    const oauthError = (error as { oauthError?: unknown }).oauthError;
    if (typeof oauthError === 'string' && oauthError !== '') details['idpError'] = oauthError;
    if (HostError.is(failure)) this.sampler.log('warn', error.code, `OIDC sign-in failed: ${error.message}`, details);
    else
      this.sampler.log('error', `unexpected:${error.code}`, 'OIDC sign-in failed unexpectedly', {
        ...details,
        error: failure instanceof Error ? failure.name : typeof failure,
      });
    try {
      await this.authLog.record({
        method: OIDC_METHOD_NAME,
        result: 'failure',
        reasonCode: error.code.slice(0, 64),
        userName: context.userName ?? null,
        user: context.userId ?? null,
        ipAddress: request.ip,
      });
    } catch (logError) {
      this.logger.error('Could not write the AuthLog record of a failed OIDC sign-in', {
        error: logError instanceof Error ? logError.message : String(logError),
      });
    }
    const status = pageStatus(error.status);
    reply
      .status(status)
      .header('Cache-Control', 'no-store')
      .html(
        this.pages.render({
          error,
          language: request.language,
          retryUrl: context.retryUrl,
          passwordUrl: context.passwordUrl,
          ...(error instanceof OidcError && error.idpError !== undefined
            ? { idpError: error.idpError, idpErrorDescription: error.idpErrorDescription }
            : {}),
        }),
      );
  }

  /**
   * Writes the summary of the sampled warnings now and starts afresh: the next failure of each code is
   * logged in full again (for a shutdown, or a test that reads the log lines).
   */
  flushLog(): void {
    this.sampler.flush();
  }

  private normalize(failure: unknown, step: string): HostError {
    if (HostError.is(failure)) return failure;
    if (step === 'token') return new OidcError('ERR_OIDC_TOKEN_EXCHANGE_FAILED', { cause: failure });
    if (step === 'userinfo') return new OidcError('ERR_OIDC_USERINFO_FAILED', { cause: failure });
    return new OidcError('ERR_OIDC_LOGIN_FAILED', { cause: failure });
  }
}

/** 4xx other than 401/403/429 -> 400; 5xx: 503 for configuration (500) and unavailability, else 502. */
export function pageStatus(status: number): number {
  if (PAGE_STATUSES.has(status)) return status;
  if (status >= 400 && status < 500) return 400;
  if (status === 500) return 503;
  return 502;
}
