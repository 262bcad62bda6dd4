// Settings actions declared in metadata (`authenticationMethods.<M>.settings.actions`): a button placed
// under a field that calls an API and fills the form. A registry of kinds: a new kind is one entry.
// Nothing is saved by an action; the admin reviews the filled fields and saves the form.
import { api, el, errorText, lookup, t, translateKey } from './api.js';
import { reloadTeams } from './field-composite.js';
import { renderRegistrationPanel } from './settings-register.js';

const show = (value) => {
  if (value === null || value === undefined || value === '') return t('Settings', 'labels', 'Empty');
  return Array.isArray(value) ? value.join(', ') : String(value);
};

/** A warning's text in the page language when it needs no parameters, else the server's English text. */
function warningText(warning) {
  const translated = translateKey(warning?.i18nKey);
  return translated && !/\{\w+\}/.test(translated) ? translated : String(warning?.message ?? warning?.code ?? '');
}

/**
 * An error answer as the admin should read it: the translated text, the server's detail (which setting,
 * which values, what the identity provider answered) and the reason code.
 */
export function detailedErrorText(data) {
  const base = errorText(data);
  const detail = /\((.+)\)$/s.exec(String(data?.message ?? ''))?.[1];
  const parts = [base];
  if (detail && !base.includes(detail)) parts.push(`(${detail})`);
  if (data?.code && !base.includes(data.code)) parts.push(`[${data.code}]`);
  return parts.join(' ');
}

/** The form's unsaved changes without secrets (what an action that needs no secret may send). */
function unsavedWithoutSecrets(ctx) {
  const out = {};
  for (const [name, value] of Object.entries(ctx.patch())) {
    if (ctx.defs[name]?.type !== 'password') out[name] = value;
  }
  return out;
}

/**
 * `discovery`: POST { issuer, values } to the action's url (values: the form's unsaved changes, so a
 * ticked but unsaved "Allow plain HTTP endpoints" counts); fill `report.values` into the form; show what
 * changed. An error is shown on the issuer field and on every setting the server names.
 */
async function runDiscovery({ action, ctx, result, button }) {
  const issuerField = ctx.fields.get(action.field);
  const issuer = String(issuerField?.get() ?? '').trim();
  const values = unsavedWithoutSecrets(ctx);
  const response = await api('POST', action.url, issuer ? { issuer, values } : { values });
  if (!response.ok) {
    const text = detailedErrorText(response.data);
    ctx.showError(action.field, text);
    for (const [name, fieldText] of Object.entries(response.data?.fields ?? {})) {
      if (name !== action.field) ctx.showError(name, fieldText);
    }
    result.replaceChildren(el('p', { class: 'summary', 'data-code': response.data?.code ?? null, text }));
    result.className = 'action-result warn';
    return;
  }
  ctx.showError(action.field, null);
  const report = response.data ?? {};
  const changes = [];
  for (const [name, to] of Object.entries(report.values ?? {})) {
    const field = ctx.fields.get(name);
    if (!field || ctx.defs[name]?.readOnly) continue;
    const from = field.get() ?? ctx.savedValue(name);
    if (JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) continue;
    field.set(to);
    changes.push({ name, from, to });
  }
  const summary = changes.length
    ? t('Settings', 'labels', 'Import changed', { issuer: report.issuer ?? issuer, count: changes.length })
    : t('Settings', 'labels', 'Import unchanged', { issuer: report.issuer ?? issuer });
  const parts = [el('p', { class: 'summary', text: summary })];
  if (changes.length) {
    parts.push(
      el(
        'table',
        { class: 'changes' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['Field', 'Before', 'After'].map((h) => el('th', { scope: 'col', text: t('Settings', 'labels', h) })),
          ),
        ),
        el(
          'tbody',
          {},
          changes.map((c) =>
            el(
              'tr',
              { 'data-setting': c.name },
              el('td', { text: lookup('Settings', 'fields', c.name) ?? c.name }),
              el('td', { class: 'before', text: show(c.from) }),
              el('td', { class: 'after', text: show(c.to) }),
            ),
          ),
        ),
      ),
    );
  }
  const warnings = Array.isArray(report.warnings) ? report.warnings : [];
  if (warnings.length) {
    parts.push(
      el('p', { class: 'warn-title', text: t('Settings', 'labels', 'Warnings') }),
      el(
        'ul',
        { class: 'warnings' },
        warnings.map((w) => el('li', { 'data-code': w.code, text: warningText(w) })),
      ),
    );
  }
  result.replaceChildren(...parts);
  result.className = `action-result ${warnings.length ? 'warn' : 'ok'}`;
  button.focus();
  ctx.refresh();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const reportText = (key, fallback) => lookup('OidcClient', 'testLogin', key) ?? fallback ?? key;

/** Whether a report is all good: a sign-in would work and nothing needs a look (no warnings). */
export const reportIsClean = (report) => Boolean(report?.ok) && (report.warnings ?? []).length === 0;

/** The report's summary in the form (the popup shows the whole report): decision, reason, warnings, facts. */
function reportSummary(report) {
  const parts = [];
  const warnings = Array.isArray(report.warnings) ? report.warnings : [];
  if (report.ok) {
    parts.push(
      el('p', {
        class: 'summary',
        id: 'test-login-decision',
        text: reportText(`decision_${report.decision}`, report.decision),
      }),
    );
    if (warnings.length) parts.push(el('p', { class: 'summary', text: reportText('decision_warnings') }));
  } else {
    const denial = report.denial ?? {};
    parts.push(
      el('p', {
        class: 'summary',
        id: 'test-login-decision',
        // denied: provisioning would refuse; failed: the flow stopped before (wrong secret, IdP error...).
        text: reportText(report.decision === 'failed' ? 'failed' : 'denied', report.decision),
      }),
      el('p', { class: 'denial', text: `${denial.message ?? ''} (${denial.code ?? ''})` }),
    );
    if (denial.idpError) {
      parts.push(
        el(
          'p',
          { class: 'idp-error', id: 'test-login-idp-error' },
          `${reportText('idpErrorCode')}: `,
          el('code', { text: denial.idpError }),
        ),
      );
    }
  }
  if (warnings.length) {
    parts.push(
      el('p', { class: 'warn-title', text: reportText('warnings') }),
      el(
        'ul',
        { class: 'warnings', id: 'test-login-warnings' },
        warnings.map((w) => el('li', { 'data-code': w.code }, `${w.message} `, el('code', { text: w.code }))),
      ),
    );
  }
  const row = (key, value) =>
    el('tr', {}, el('th', { scope: 'row', text: reportText(key) }), el('td', { text: value }));
  parts.push(
    el(
      'table',
      { class: 'changes' },
      el(
        'tbody',
        {},
        row('userName', report.userName ?? '—'),
        row('teamsAdded', (report.teamsAdded ?? []).join(', ') || '—'),
        row('teamsRemoved', (report.teamsRemoved ?? []).join(', ') || '—'),
        row(
          'verifiedWith',
          report.verification
            ? `${report.verification.alg}${report.verification.kid ? ` · kid ${report.verification.kid}` : ''}`
            : '—',
        ),
      ),
    ),
  );
  return parts;
}

/**
 * `testLogin`: POST the form's unsaved values; open the returned URL in a popup (sign-in at the IdP with
 * those settings, dry run); poll for the report and show its summary here.
 */
async function runTestLogin({ action, ctx, result }) {
  const response = await api('POST', action.url, { values: ctx.patch() });
  if (!response.ok) {
    for (const [name, text] of Object.entries(response.data?.fields ?? {})) ctx.showError(name, text);
    result.replaceChildren(
      el('p', { class: 'summary', 'data-code': response.data?.code ?? null, text: detailedErrorText(response.data) }),
    );
    result.className = 'action-result warn';
    return;
  }
  const { id, url } = response.data;
  const popup = window.open(url, 'oidc-test-login', 'popup=yes,width=760,height=820');
  if (!popup) {
    result.replaceChildren(el('p', { class: 'summary', text: t('Settings', 'labels', 'Popup blocked') }));
    result.className = 'action-result warn';
    return;
  }
  result.replaceChildren(el('p', { class: 'summary', text: t('Settings', 'labels', 'Popup waiting') }));
  result.className = 'action-result';
  const until = Date.now() + 10 * 60_000;
  while (Date.now() < until) {
    await sleep(1000);
    const poll = await api('GET', `${action.url}?draft=${encodeURIComponent(id)}`);
    if (poll.ok && poll.data?.report) {
      const report = poll.data.report;
      result.replaceChildren(...reportSummary(report));
      result.className = `action-result ${reportIsClean(report) ? 'ok' : report.ok ? 'warn' : 'error'}`;
      result.dataset.decision = report.decision;
      result.dataset.warnings = String((report.warnings ?? []).length);
      reloadTeams(); // the admin may have created a missing team meanwhile: the rules' warnings follow
      return;
    }
    if (popup.closed) {
      await sleep(500);
      const last = await api('GET', `${action.url}?draft=${encodeURIComponent(id)}`);
      if (last.ok && last.data?.report) continue;
      result.replaceChildren(el('p', { class: 'summary', text: t('Settings', 'labels', 'Popup closed') }));
      result.className = 'action-result warn';
      return;
    }
  }
}

export const ACTION_KINDS = { discovery: runDiscovery, testLogin: runTestLogin };

/** Kinds that show something without a button (rendered once, where the action is placed). */
export const DISPLAY_KINDS = { registrationUris: renderRegistrationPanel };

/**
 * Renders an action's button (and its result area) for placement under its field. `ctx` gives the form:
 * { fields, defs, showError(name, text), refresh(), savedValue(name) }.
 */
export function renderAction(action, ctx) {
  const display = DISPLAY_KINDS[action.kind];
  if (display) return display(action, ctx);
  const run = ACTION_KINDS[action.kind];
  if (!run) return null;
  const label = translateKey(action.label) ?? action.name;
  const button = el('button', {
    type: 'button',
    class: 'secondary',
    id: `action-${action.name}`,
    'data-action': action.name,
    text: label,
  });
  const hint = action.tooltip ? el('div', { class: 'hint', text: translateKey(action.tooltip) ?? '' }) : null;
  const result = el('div', { class: 'action-result hidden', role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    if (action.kind === 'discovery') button.textContent = t('Settings', 'labels', 'Importing');
    try {
      await run({ action, ctx, result, button });
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
  return el('div', { class: 'action', 'data-action-for': action.field ?? null }, button, hint, result);
}
