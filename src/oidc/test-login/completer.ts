import { HostError, TYPES, type AuthLog, type ConfigService, type I18nService, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { ProvisioningService } from '../../provisioning/provisioning-service.js';
import { PROVISIONING_TYPES } from '../../provisioning/tokens.js';
import type { TestLoginCompleter } from '../test-login.js';
import { draftIdOf, type TestLoginDraft, type TestLoginDraftStore, type TestLoginReport } from './drafts.js';
import { idpErrorOf, reportWarning } from './report-details.js';
import { renderReportPage } from './report-page.js';
import { TEST_LOGIN_PROOF_KEY, TEST_LOGIN_TYPES } from './tokens.js';

type CompleteInput = Parameters<TestLoginCompleter['complete']>[0];
type FailInput = Parameters<NonNullable<TestLoginCompleter['fail']>>[0];

const EMPTY = { teamsMapped: [], teamsAdded: [], teamsRemoved: [], warnings: [] } as const;

/** The auth log's method name of a test login (a dry run, never a session): labelled "test login" in the UI. */
export const TEST_LOGIN_AUTH_METHOD = 'OidcTestLogin';

/**
 * Finishes a test login: the code was redeemed, the ID token verified and userinfo read by the flow;
 * here provisioning runs as a dry run (no user, no team, no session), the report is stored on the draft
 * (read by the settings page and the CLI from any host process) and shown in the popup. A failure of the
 * flow is stored as a `failed` report with its reason code.
 *
 * Lockout-guard proof (settings fingerprint + admin id) is recorded for a successful test login by the
 * draft's admin: the browser finishing it is signed in as that admin (the settings page), or, for a draft
 * of `crm-host oidc test-login --as <admin>`, the identity provider's account resolves to that admin's
 * existing user (the admin proved they can sign in with these settings).
 */
@injectable()
export class DryRunTestLoginCompleter implements TestLoginCompleter {
  private readonly logger: Logger;

  constructor(
    @inject(TEST_LOGIN_TYPES.DraftStore) private readonly drafts: TestLoginDraftStore,
    @inject(PROVISIONING_TYPES.ProvisioningService) private readonly provisioning: ProvisioningService,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.I18n) private readonly i18n: I18nService,
    @inject(TYPES.Logger) logger: Logger,
    @inject(TYPES.AuthLog) private readonly authLog: AuthLog,
  ) {
    this.logger = logger.child('oidc.test-login');
  }

  async complete({ request, reply, transaction, settings, identity }: CompleteInput): Promise<void> {
    const draft = await this.drafts.fromProviderId(transaction.providerId);
    if (!draft) throw new HostError('ERR_OIDC_STATE_EXPIRED', 'The test login draft expired', { status: 400 });
    const base = {
      idTokenClaims: { ...identity.idToken.payload },
      userInfoClaims: identity.userInfo ? { ...identity.userInfo } : null,
      verification: {
        alg: identity.idToken.alg,
        kid: identity.idToken.key.kid ?? null,
        thumbprint: identity.idToken.key.thumbprint ?? null,
        source: identity.idToken.key.source ?? null,
      },
    };
    let report: TestLoginReport;
    try {
      const outcome = await this.provisioning.provision({
        claims: identity.claims as never,
        issuer: identity.issuer,
        settings,
        dryRun: true,
      });
      report = {
        ...base,
        ok: true,
        userName: outcome.userName,
        decision: outcome.action,
        matchedBy: outcome.matchedBy,
        denial: null,
        teamsMapped: outcome.teamsMapped,
        teamsAdded: outcome.teamsAdded,
        teamsRemoved: outcome.teamsRemoved,
        warnings: outcome.warnings.map((w) =>
          reportWarning(w, this.text(w.code, 'warnings', request.language), (key) =>
            this.detailLabel(key, request.language),
          ),
        ),
      };
    } catch (error) {
      if (!(error instanceof HostError)) throw error;
      report = {
        ...base,
        ...EMPTY,
        ok: false,
        userName: null,
        decision: 'denied',
        matchedBy: null,
        denial: { code: error.code, message: this.translateKey(error.i18nKey, request.language) ?? error.message },
      };
    }
    const proves = report.ok && this.provesAdmin(draft, request.user?.id ?? null, report);
    if (proves) await this.recordProof(draft);
    report = { ...report, recordedForLockoutGuard: proves };
    await this.drafts.saveReport(draft.id, report);
    this.logger.info('test login finished', {
      decision: report.decision,
      origin: draft.origin,
      by: request.user?.userName ?? draft.adminUserName,
      recordedForLockoutGuard: proves,
      warnings: report.warnings.map((w) => w.code),
    });
    await this.record(request, report.ok ? 'success' : 'failure', report.denial?.code ?? null, report.userName);
    reply.header('Cache-Control', 'no-store').html(renderReportPage(report, (k) => this.label(k, request.language)));
  }

  /**
   * A failed test sign-in: the report (reason code, the IdP's error code, the step) is stored for whoever
   * waits for it, recorded in the auth log as a test login, and, when `reply` is given, shown in the
   * popup as the report page (never the end-user error page). Answers true when it sent the page.
   */
  async fail({ request, reply, transaction, error, step }: FailInput): Promise<boolean> {
    try {
      const id = draftIdOf(transaction.providerId);
      if (id === null || !(await this.drafts.get(id))) return false;
      const code = HostError.is(error) ? error.code : 'ERR_OIDC_LOGIN_FAILED';
      const i18nKey = HostError.is(error) ? error.i18nKey : 'Oidc.errors.ERR_OIDC_LOGIN_FAILED';
      const idpError = idpErrorOf(error);
      const message =
        (idpError ? this.idpErrorText(idpError, request.language) : null) ??
        this.translateKey(i18nKey, request.language) ??
        (HostError.is(error) ? error.message : 'The sign-in failed unexpectedly');
      const report: TestLoginReport = {
        ...EMPTY,
        ok: false,
        idTokenClaims: {},
        userInfoClaims: null,
        verification: null,
        userName: null,
        decision: 'failed',
        failedStep: step,
        matchedBy: null,
        denial: { code, message, ...(idpError ? { idpError } : {}) },
        recordedForLockoutGuard: false,
      };
      await this.drafts.saveReport(id, report);
      this.logger.info('test login failed', { code, step, ...(idpError ? { idpError } : {}) });
      await this.record(request, 'failure', code, null);
      if (!reply) return false;
      // The failure's status (a failed sign-in stays an error answer), with the report as the page.
      const status = HostError.is(error) && error.status >= 400 && error.status <= 599 ? error.status : 500;
      reply
        .status(status)
        .header('Cache-Control', 'no-store')
        .html(renderReportPage(report, (k) => this.label(k, request.language)));
      return true;
    } catch (storeError) {
      this.logger.warn('Could not store the failed test login', {
        error: storeError instanceof Error ? storeError.message : String(storeError),
      });
      return false;
    }
  }

  /** The auth log record of a test login: its own method name, so it never reads as a real sign-in. */
  private async record(
    request: CompleteInput['request'],
    result: 'success' | 'failure',
    reasonCode: string | null,
    userName: string | null,
  ): Promise<void> {
    try {
      await this.authLog.record({
        method: TEST_LOGIN_AUTH_METHOD,
        result,
        reasonCode: reasonCode?.slice(0, 64) ?? null,
        userName,
        ipAddress: request.ip,
      });
    } catch (logError) {
      this.logger.warn('Could not write the auth log record of a test login', {
        error: logError instanceof Error ? logError.message : String(logError),
      });
    }
  }

  /** The admin's text for an OAuth error code the IdP answered (`invalid_client`...), or null. */
  private idpErrorText(idpError: string, language: string): string | null {
    const key = `idpError_${idpError}`;
    const text = this.i18n.translate('OidcClient', 'testLogin', key, language);
    return text === key ? null : text;
  }

  private detailLabel(key: string, language: string): string {
    const name = `detail_${key}`;
    const text = this.i18n.translate('OidcClient', 'testLogin', name, language);
    return text === name ? key : text;
  }

  private provesAdmin(draft: TestLoginDraft, sessionUserId: string | null, report: TestLoginReport): boolean {
    if (draft.adminId === null) return false;
    if (sessionUserId === draft.adminId) return true;
    return (
      draft.origin === 'cli' &&
      draft.adminUserName !== null &&
      report.decision !== 'created' &&
      report.userName === draft.adminUserName
    );
  }

  private async recordProof(draft: TestLoginDraft): Promise<void> {
    await this.config.set({
      [TEST_LOGIN_PROOF_KEY]: { fingerprint: draft.fingerprint, adminId: draft.adminId, at: new Date().toISOString() },
    });
  }

  private text(code: string, category: string, language: string): string {
    return this.i18n.translate('Oidc', category, code, language);
  }

  private translateKey(key: string | undefined, language: string): string | null {
    if (!key) return null;
    const [scope, category, ...rest] = key.split('.');
    const name = rest.join('.');
    const text = this.i18n.translate(scope ?? '', category ?? '', name, language);
    return text === name ? null : text;
  }

  private label(key: string, language: string): string {
    return this.i18n.translate('OidcClient', 'testLogin', key, language);
  }
}
