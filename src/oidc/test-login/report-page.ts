import type { TestLoginReport } from './drafts.js';

const esc = (text: unknown): string => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function claimsTable(claims: Readonly<Record<string, unknown>> | null, id: string): string {
  if (!claims) return '';
  const rows = Object.entries(claims)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td><code>${esc(JSON.stringify(v))}</code></td></tr>`)
    .join('');
  return `<table class="claims" id="${id}">${rows}</table>`;
}

const list = (items: readonly string[], none: string): string =>
  items.length
    ? items.map((i) => `<span class="chip">${esc(i)}</span>`).join(' ')
    : `<span class="hint">${esc(none)}</span>`;

/** The test-login report page (the popup): same look as the host UI, no script, no token ever. */
export function renderReportPage(report: TestLoginReport, label: (key: string) => string): string {
  const v = report.verification;
  const warned = report.ok && report.warnings.length > 0;
  const idpError = report.denial?.idpError
    ? `<p class="reason" id="report-idp-error">${esc(label('idpErrorCode'))}: <code>${esc(report.denial.idpError)}</code></p>`
    : '';
  const step = report.failedStep
    ? `<p class="reason">${esc(label('failedStep'))}: <code>${esc(report.failedStep)}</code></p>`
    : '';
  const decision = report.ok
    ? `<div class="alert ${warned ? 'warn' : 'ok'}" id="decision" data-decision="${esc(report.decision)}" data-warnings="${
        report.warnings.length
      }"><p>${esc(label(`decision_${report.decision}`))}</p>${warned ? `<p>${esc(label('decision_warnings'))}</p>` : ''}</div>`
    : `<div class="alert error" id="decision" data-decision="${esc(report.decision)}" data-reason="${esc(
        report.denial?.code,
      )}"><p>${esc(report.denial?.message)}</p>${idpError}<p class="reason">${esc(label('reasonCode'))}: <code>${esc(
        report.denial?.code,
      )}</code></p>${step}</div>`;
  const warnings = report.warnings.length
    ? `<h2>${esc(label('warnings'))}</h2><ul class="warnings" id="report-warnings">${report.warnings
        .map((w) => `<li data-code="${esc(w.code)}">${esc(w.message)} <code class="hint">${esc(w.code)}</code></li>`)
        .join('')}</ul>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(label('title'))} · CRM</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main id="main" class="report">
<h1>${esc(label('title'))}</h1><p class="hint">${esc(label('nothingChanged'))}</p>${decision}
<section class="card"><dl class="facts">
<dt>${esc(label('userName'))}</dt><dd id="report-user-name">${esc(report.userName ?? '—')}</dd>
<dt>${esc(label('matchedBy'))}</dt><dd>${esc(report.matchedBy ?? '—')}</dd>
<dt>${esc(label('teamsAdded'))}</dt><dd id="report-teams-added">${list(report.teamsAdded, '—')}</dd>
<dt>${esc(label('teamsRemoved'))}</dt><dd id="report-teams-removed">${list(report.teamsRemoved, '—')}</dd>
<dt>${esc(label('verifiedWith'))}</dt><dd id="report-verification">${
    v ? `${esc(v.alg)}${v.kid ? ` · kid ${esc(v.kid)}` : ''}${v.source ? ` · ${esc(v.source)}` : ''}` : '—'
  }</dd></dl>${warnings}</section>
${
  Object.keys(report.idTokenClaims).length > 0
    ? `<section class="card"><h2>${esc(label('idTokenClaims'))}</h2>${claimsTable(report.idTokenClaims, 'id-token-claims')}</section>`
    : ''
}
${report.userInfoClaims ? `<section class="card"><h2>${esc(label('userInfoClaims'))}</h2>${claimsTable(report.userInfoClaims, 'userinfo-claims')}</section>` : ''}
</main></body></html>`;
}
