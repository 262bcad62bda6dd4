// Administration > Extensions: the installed extensions (uninstall after a confirmation naming what stays),
// and a package upload that first shows the package's manifest and what installing it would do, then
// installs on confirmation while the steps appear as the server runs them (polling the job, which any host
// process can answer). Installs and uninstalls run the same extension manager as `crm-host extension`.
import { api, csrfHeader, el, errorText, t } from './api.js';
import { startPage } from './layout.js';

const state = { main: null, status: null, info: null, work: null };
const x = (key, params) => t('ExtensionAdmin', 'labels', key, params);
const m = (key, params) => t('ExtensionAdmin', 'messages', key, params);

function showStatus(kind, text) {
  state.status.className = `alert ${kind}`;
  state.status.textContent = text;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang || undefined) : x('Not recorded');
}

function progressList() {
  return el('ul', { class: 'progress-lines', id: 'ext-progress', 'aria-live': 'polite' });
}

/** The lines as `crm-host extension install` prints them: `[n]` per step, details indented. */
function lineText(line, number) {
  if (line.kind === 'step') return `[${number}] ${line.message}`;
  if (line.kind === 'skip') return `- ${line.message}`;
  if (line.kind === 'rollback') return `rollback: ${line.message}`;
  if (line.kind === 'warning') return `warning: ${line.message}`;
  return line.message;
}

function renderLines(list, lines) {
  let step = 0;
  list.replaceChildren(
    ...lines.map((line) =>
      el('li', {
        class: `line ${line.kind}`,
        'data-kind': line.kind,
        'data-step': line.step ?? null,
        text: lineText(line, line.kind === 'step' ? ++step : step),
      }),
    ),
  );
}

/** Polls a job until it ends; shows its lines in `list`. Resolves to the final job. */
async function follow(jobId, list) {
  for (;;) {
    const result = await api('GET', `/api/v1/Extension/job/${encodeURIComponent(jobId)}`);
    if (!result.ok) return { state: 'failed', error: result.data, lines: [] };
    renderLines(list, result.data.lines);
    if (result.data.state !== 'running') return result.data;
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

function outcomeText(job) {
  const error = job.error ?? {};
  const head = errorText(error);
  const step = error.step ? m('failedAtStep', { step: error.step }) : '';
  const tail =
    job.state === 'lost'
      ? m('jobLost')
      : error.outcome === 'rolled-back'
        ? m('rolledBack')
        : error.outcome === 'rollback-incomplete'
          ? m('rollbackIncomplete')
          : m('nothingChanged');
  return [head, step, tail].filter(Boolean).join(' ');
}

function jobResult(job, kind) {
  const box = el('div', { class: `alert ${job.state === 'done' ? 'ok' : 'error'}`, id: 'ext-result', role: 'status' });
  if (job.state === 'done') {
    const r = job.result ?? {};
    box.append(
      el('p', {
        text:
          kind === 'install'
            ? r.previousVersion
              ? m('upgraded', { name: r.name, version: r.version, from: r.previousVersion })
              : m('installed', { name: r.name, version: r.version })
            : m('uninstalled', { name: r.name, version: r.version }),
      }),
      el('p', { text: m('restartNow') }),
    );
  } else {
    box.append(el('p', { text: outcomeText(job) }));
    if (job.error?.message) box.append(el('p', { class: 'reason' }, el('code', { text: job.error.message })));
  }
  return box;
}

/** Runs a job started by `start()` in the work area, then reloads the list (keeping the work area). */
async function runJob(title, start, kind) {
  const list = progressList();
  state.work.replaceChildren(el('h2', { text: title }), list);
  const started = await start();
  if (!started.ok) {
    state.work.append(el('p', { class: 'alert error', id: 'ext-result', text: errorText(started.data) }));
    return;
  }
  const job = await follow(started.data.jobId, list);
  state.work.append(jobResult(job, kind));
  await refreshList();
}

async function uninstall(ext) {
  if (!window.confirm(m('confirmUninstall', { name: ext.name, version: ext.version }))) return;
  await runJob(
    x('Uninstalling', { name: ext.name }),
    () => api('DELETE', `/api/v1/Extension/${encodeURIComponent(ext.name)}`),
    'uninstall',
  );
}

function extensionRow(ext, enabled) {
  const button = el('button', {
    type: 'button',
    class: 'secondary small danger',
    text: x('Uninstall'),
    disabled: !enabled || !ext.recorded,
  });
  button.addEventListener('click', () => uninstall(ext));
  const description = ext.folderPresent ? (ext.description ?? '') : x('Folder missing');
  return el(
    'tr',
    { 'data-extension': ext.name },
    el('td', { 'data-label': x('Name') }, el('strong', { text: ext.name })),
    el('td', { 'data-label': x('Version'), class: 'ext-version', text: ext.version }),
    el('td', { 'data-label': x('Description'), class: 'ext-description', text: description }),
    el('td', { 'data-label': x('Installed at'), text: when(ext.installedAt) }),
    el('td', { 'data-label': x('Order'), class: 'num', text: String(ext.order) }),
    el('td', { class: 'row-actions' }, button),
  );
}

function installedTable(info) {
  if (info.list.length === 0) return el('p', { class: 'empty', id: 'ext-empty', text: x('No extensions') });
  const head = el(
    'tr',
    {},
    ...['Name', 'Version', 'Description', 'Installed at'].map((k) => el('th', { scope: 'col', text: x(k) })),
    el('th', { scope: 'col', class: 'num', text: x('Order') }),
    el('th', { scope: 'col', text: '' }),
  );
  const rows = info.list.map((ext) => extensionRow(ext, info.uiInstalls.enabled));
  return el(
    'div',
    { class: 'table-wrap' },
    el('table', { class: 'stack', id: 'ext-table' }, el('thead', {}, head), el('tbody', {}, rows)),
  );
}

function actionText(p) {
  if (p.action === 'upgrade') return m('actionUpgrade', { from: p.previousVersion });
  if (p.action === 'reinstall') return m('actionReinstall', { version: p.version });
  if (p.action === 'downgrade') return m('actionDowngrade', { from: p.previousVersion });
  return m('actionInstall');
}

function previewCard(p) {
  const deps = Object.entries(p.dependencies ?? {});
  const hostOk = !p.problems.some((q) => q.code === 'ERR_EXTENSION_HOST_VERSION');
  const rows = [
    [x('Name'), p.name],
    [x('Version'), p.version],
    [x('Description'), p.description ?? ''],
    [
      x('Host versions'),
      `${p.acceptableVersions.join(' || ')} — ${hostOk ? m('hostSupported', { version: p.hostVersion }) : m('hostUnsupported', { version: p.hostVersion })}`,
    ],
    [x('Dependencies'), deps.length ? deps.map(([n, r]) => `${n} ${r}`).join(', ') : x('None')],
    [x('Action'), actionText(p)],
  ];
  const dl = el(
    'dl',
    { class: 'manifest', id: 'ext-manifest' },
    rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
  );
  const card = el(
    'div',
    { class: 'card compact', id: 'ext-preview', 'data-action': p.action },
    el('h2', { text: x('Package') }),
    dl,
  );
  if (!p.installable) {
    card.append(
      el(
        'div',
        { class: 'alert error', id: 'ext-refused', role: 'alert' },
        el('p', { text: m('refused') }),
        ...p.problems.map((q) => el('p', { class: 'reason' }, el('code', { text: q.code }), ` ${q.message}`)),
      ),
    );
    return card;
  }
  const label = p.action === 'upgrade' ? x('Upgrade') : p.action === 'reinstall' ? x('Reinstall') : x('Install');
  const confirmButton = el('button', { type: 'button', id: 'ext-confirm', text: label });
  const cancel = el('button', { type: 'button', class: 'secondary', id: 'ext-cancel', text: x('Cancel') });
  cancel.addEventListener('click', async () => {
    await api('DELETE', `/api/v1/Extension/upload/${encodeURIComponent(p.uploadId)}`);
    state.work.replaceChildren();
  });
  confirmButton.addEventListener('click', async () => {
    confirmButton.disabled = true;
    cancel.disabled = true;
    await runJob(
      x('Installing', { name: p.name, version: p.version }),
      () => api('POST', '/api/v1/Extension/install', { uploadId: p.uploadId }),
      'install',
    );
  });
  card.append(
    el('p', { class: 'hint', text: m('confirmInstall') }),
    el('div', { class: 'actions' }, confirmButton, cancel),
  );
  return card;
}

async function upload(file) {
  if (file.size > state.info.maxUploadBytes) {
    return showStatus('error', m('tooLarge', { max: Math.round(state.info.maxUploadBytes / 1048576) }));
  }
  state.work.replaceChildren(el('p', { class: 'muted', text: x('Reading package') }));
  let response;
  try {
    response = await fetch(`/api/v1/Extension/upload?fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/zip', Accept: 'application/json', ...csrfHeader() },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    state.work.replaceChildren();
    return showStatus('error', errorText({ i18nKey: 'Global.messages.networkError' }));
  }
  const data = await response.json().catch(() => ({ code: 'ERR_BAD_RESPONSE' }));
  if (!response.ok) {
    state.work.replaceChildren(
      el(
        'div',
        { class: 'alert error', id: 'ext-refused', role: 'alert' },
        el('p', { text: `${errorText(data)} ${m('nothingChanged')}` }),
        data.message ? el('p', { class: 'reason' }, el('code', { text: data.code }), ` ${data.message}`) : null,
      ),
    );
    return;
  }
  document.getElementById('ext-file').value = '';
  state.work.replaceChildren(previewCard(data));
}

function uploadForm(info) {
  if (!info.uiInstalls.enabled) {
    return el('p', {
      class: 'alert notice',
      id: 'ext-ui-disabled',
      text: m(info.uiInstalls.source === 'env' ? 'uiDisabledEnv' : 'uiDisabledConfig'),
    });
  }
  const input = el('input', { type: 'file', id: 'ext-file', accept: '.zip,application/zip' });
  const check = el('button', { type: 'submit', id: 'ext-check', text: x('Check package') });
  const form = el(
    'form',
    { class: 'card compact', id: 'ext-upload', novalidate: true },
    el('label', { for: 'ext-file', text: x('Upload package') }),
    el('div', { class: 'inline' }, input, check),
    el('p', { class: 'hint', text: m('uploadHint', { max: Math.round(info.maxUploadBytes / 1048576) }) }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return showStatus('error', m('chooseFile'));
    showStatus('hidden', '');
    upload(file);
  });
  return form;
}

async function refreshList() {
  const result = await api('GET', '/api/v1/Extension');
  if (!result.ok) return showStatus('error', errorText(result.data));
  state.info = result.data;
  document.getElementById('ext-installed')?.replaceChildren(installedTable(result.data));
  document.getElementById('ext-restart')?.classList.toggle('hidden', !result.data.restartRequired);
}

async function render() {
  const result = await api('GET', '/api/v1/Extension');
  state.status = el('div', { class: 'alert hidden', role: 'status', id: 'ext-status' });
  if (!result.ok) return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText(result.data) }));
  state.info = result.data;
  // This page has its own restart notice (kept up to date after installs): no second banner.
  document.getElementById('restart-banner')?.remove();
  state.work = el('section', { id: 'ext-work' });
  state.main.replaceChildren(
    el('h1', { text: x('Extensions') }),
    el('p', { class: 'lead', text: x('Intro') }),
    el('p', {
      class: `alert warn${result.data.restartRequired ? '' : ' hidden'}`,
      id: 'ext-restart',
      text: m('restartRequired'),
    }),
    state.status,
    el('section', { id: 'ext-installed' }, installedTable(result.data)),
    uploadForm(result.data),
    state.work,
  );
}

async function main() {
  const page = await startPage({ adminOnly: true, titleKey: ['ExtensionAdmin', 'labels', 'Extensions'] });
  if (!page) return;
  state.main = page.main;
  await render();
}

main();
