import { expect } from 'chai';
import { HostLogger } from 'crm-host/internal/logging/logger';
import { OidcClientError } from '../../../../src/oidc/client/index.js';
import { DryRunTestLoginCompleter } from '../../../../src/oidc/test-login/completer.js';
import { DRAFT_PROVIDER_PREFIX, type TestLoginReport } from '../../../../src/oidc/test-login/drafts.js';

const DRAFT_ID = '0123456789abcdef0123456789abcdef';

/** The failed report a test login stores when the token endpoint rejects the client (issue 11). */
describe('test login: a failed report names the IdP error of a rejected client authentication', () => {
  function completer(lines: string[]): { run: (error: unknown) => Promise<TestLoginReport | null> } {
    let saved: TestLoginReport | null = null;
    const drafts = {
      get: async () => ({ id: DRAFT_ID }),
      saveReport: async (_id: string, report: TestLoginReport) => {
        saved = report;
      },
    };
    const i18n = {
      translate: (_s: string, _c: string, key: string) =>
        key === 'clientAuthRejectedInvalidClient' ? 'rejected the client ID or secret' : key,
    };
    const logger = HostLogger.create({ level: 'info', format: 'json', sink: (l) => lines.push(l) });
    const authLog = { record: async () => undefined };
    const c = new DryRunTestLoginCompleter(
      drafts as never,
      {} as never,
      {} as never,
      i18n as never,
      logger,
      authLog as never,
    );
    return {
      run: async (error) => {
        saved = null;
        await c.fail({
          request: { language: 'en_US' } as never,
          transaction: { providerId: `${DRAFT_PROVIDER_PREFIX}${DRAFT_ID}` } as never,
          error,
          step: 'token',
        });
        return saved;
      },
    };
  }

  it('invalid_client: code, translated message and idpError in the denial and the log line', async () => {
    const lines: string[] = [];
    const report = await completer(lines).run(
      new OidcClientError('ERR_OIDC_CLIENT_AUTH_REJECTED', { oauthError: 'invalid_client', httpStatus: 401 }),
    );
    expect(report?.denial).to.deep.equal({
      code: 'ERR_OIDC_CLIENT_AUTH_REJECTED',
      message: 'rejected the client ID or secret',
      idpError: 'invalid_client',
    });
    expect(report?.decision).to.equal('failed');
    expect(JSON.parse(lines.at(-1)!)).to.include({
      message: 'test login failed',
      code: 'ERR_OIDC_CLIENT_AUTH_REJECTED',
      idpError: 'invalid_client',
    });
  });

  it('without an IdP error (403, no body): no idpError member', async () => {
    const report = await completer([]).run(new OidcClientError('ERR_OIDC_CLIENT_AUTH_REJECTED', { httpStatus: 403 }));
    expect(report?.denial).to.not.have.property('idpError');
    expect(report?.denial?.code).to.equal('ERR_OIDC_CLIENT_AUTH_REJECTED');
  });
});
