import type { TestLoginReport } from '../drafts.js';

/** A label of the report (`OidcClient.testLogin.<key>`). */
export type Label = (key: string) => string;

const list = (items: readonly string[]): string => (items.length > 0 ? items.join(', ') : '—');

function claimLines(claims: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(claims).map(([name, value]) => `  ${name}: ${JSON.stringify(value)}`);
}

/** The first line: what a real sign-in would do (or why it failed), with the reason code. */
export function verdictLine(report: TestLoginReport, label: Label): string {
  if (report.ok) return label(`decision_${report.decision}`);
  const reason = report.denial ? `${report.denial.code}: ${report.denial.message}` : 'unknown reason';
  if (report.decision === 'failed')
    return `${label('failed')} ${report.failedStep ? `(${report.failedStep}) ` : ''}${reason}`;
  return `${label('denied')} ${reason}`;
}

/**
 * The test-login report as text for the terminal: the same content as the settings page's report (claims,
 * derived user name, decision and why, teams, algorithm and key; never a token).
 */
export function reportText(report: TestLoginReport, label: Label): string[] {
  const v = report.verification;
  const lines = [
    `${label('title')}: ${verdictLine(report, label)}`,
    label('nothingChanged'),
    '',
    `${label('userName')}: ${report.userName ?? '—'}`,
    `${label('matchedBy')}: ${report.matchedBy ?? '—'}`,
    `${label('teamsAdded')}: ${list(report.teamsAdded)}`,
    `${label('teamsRemoved')}: ${list(report.teamsRemoved)}`,
    `${label('verifiedWith')}: ${v ? [v.alg, v.kid ? `kid ${v.kid}` : '', v.source ?? ''].filter(Boolean).join(' · ') : '—'}`,
  ];
  if (report.denial) lines.push(`${label('reasonCode')}: ${report.denial.code}`);
  if (report.denial?.idpError) lines.push(`${label('idpErrorCode')}: ${report.denial.idpError}`);
  if (report.warnings.length > 0) {
    lines.push(`${label('warnings')}:`);
    for (const w of report.warnings) lines.push(`  ${w.code}: ${w.message}`);
  }
  if (Object.keys(report.idTokenClaims).length > 0)
    lines.push('', `${label('idTokenClaims')}:`, ...claimLines(report.idTokenClaims));
  if (report.userInfoClaims) lines.push('', `${label('userInfoClaims')}:`, ...claimLines(report.userInfoClaims));
  if (report.ok) {
    lines.push('', label(report.recordedForLockoutGuard ? 'proofRecorded' : 'proofNotRecorded'));
  }
  return lines;
}
