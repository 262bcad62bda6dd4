import { HostError, TYPES, type ConfigService, type I18nService, type Logger } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import type { ProvisioningService } from '../../provisioning/provisioning-service.js';
import { PROVISIONING_TYPES } from '../../provisioning/tokens.js';
import type { TestLoginCompleter } from '../test-login.js';
import type { TestLoginDraft, TestLoginDraftStore, TestLoginReport } from './drafts.js';
import { renderReportPage } from './report-page.js';
import { TEST_LOGIN_PROOF_KEY, TEST_LOGIN_TYPES } from './tokens.js';

type CompleteInput = Parameters<TestLoginCompleter['complete']>[0];

/**
 * Finishes a test login: the code was redeemed, the ID token verified and userinfo read by the flow;
 * here provisioning runs as a dry run (no user, no team, no session), the report is kept on the draft for
 * the settings page and shown in the popup. A successful test by the admin who started it is recorded
 * (settings fingerprint + admin id) for the lockout guard.
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
  ) {
    this.logger = logger.child('oidc.test-login');
  }

  async complete({ request, reply, transaction, settings, identity }: CompleteInput): Promise<void> {
    const draft = this.drafts.fromProviderId(transaction.providerId);
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
        warnings: outcome.warnings.map((w) => ({
          code: w.code,
          message: this.text(w.code, 'warnings', request.language),
        })),
      };
    } catch (error) {
      if (!(error instanceof HostError)) throw error;
      report = {
        ...base,
        ok: false,
        userName: null,
        decision: 'denied',
        matchedBy: null,
        denial: { code: error.code, message: this.translateKey(error.i18nKey, request.language) ?? error.message },
        teamsMapped: [],
        teamsAdded: [],
        teamsRemoved: [],
        warnings: [],
      };
    }
    draft.report = report;
    if (report.ok && request.user?.id === draft.adminId) await this.recordProof(draft);
    this.logger.info('test login finished', { decision: report.decision, by: request.user?.userName });
    reply.header('Cache-Control', 'no-store').html(renderReportPage(report, (k) => this.label(k, request.language)));
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
