import { expect } from 'chai';
import type { TestLoginReport } from '../../../../../src/oidc/test-login/drafts.js';
import { reportText, verdictLine } from '../../../../../src/oidc/test-login/cli/report-text.js';

const label = (key: string): string => `<${key}>`;
const BASE: TestLoginReport = {
  ok: true,
  idTokenClaims: { sub: 'alice', groups: ['crm-sales'] },
  userInfoClaims: { email: 'alice@example.test' },
  verification: { alg: 'ES256', kid: 'k-1', thumbprint: 'tp', source: 'jwks' },
  userName: 'alice',
  decision: 'created',
  matchedBy: 'none',
  denial: null,
  teamsMapped: ['Sales'],
  teamsAdded: ['Sales'],
  teamsRemoved: [],
  warnings: [{ code: 'WARN_X', message: 'careful' }],
  recordedForLockoutGuard: false,
};

describe('test login CLI: the text report', () => {
  it('shows the decision, user, teams, key, warnings and every claim', () => {
    const text = reportText(BASE, label).join('\n');
    expect(text).to.contain('<title>: <decision_created>');
    expect(text).to.contain('<userName>: alice');
    expect(text).to.contain('<teamsAdded>: Sales');
    expect(text).to.contain('<teamsRemoved>: —');
    expect(text).to.contain('<verifiedWith>: ES256 · kid k-1 · jwks');
    expect(text).to.contain('  WARN_X: careful');
    expect(text).to.contain('  groups: ["crm-sales"]');
    expect(text).to.contain('  email: "alice@example.test"');
    expect(text).to.contain('<proofNotRecorded>');
  });

  it('names the reason code of a refusal and of a failed flow (with its step)', () => {
    const denied = {
      ...BASE,
      ok: false,
      decision: 'denied',
      denial: { code: 'ERR_OIDC_USER_NOT_FOUND', message: 'no' },
    };
    expect(verdictLine(denied, label)).to.equal('<denied> ERR_OIDC_USER_NOT_FOUND: no');
    const failed = {
      ...denied,
      decision: 'failed',
      failedStep: 'token',
      verification: null,
      idTokenClaims: {},
      userInfoClaims: null,
      denial: { code: 'ERR_OIDC_TOKEN_REJECTED', message: 'bad client' },
    };
    const text = reportText(failed, label).join('\n');
    expect(text).to.contain('<failed> (token) ERR_OIDC_TOKEN_REJECTED: bad client');
    expect(text).to.contain('<reasonCode>: ERR_OIDC_TOKEN_REJECTED');
    expect(text).not.to.contain('<idTokenClaims>');
    expect(text).not.to.contain('<proof');
  });
});
