// Administration > Portals: list, create, edit and delete portals, pick each portal's authentication
// provider, and manage the portal users who may sign in there. The provider choices come from the
// extensions: every metadata `adminRecords.<Name>` with `portalProvider: true` lists its records at `api`.
import { api, el, errorText, t, translateKey } from './api.js';
import { startPage } from './layout.js';

const state = { main: null, providers: [] };

async function loadProviders() {
  const metadata = await api('GET', '/api/v1/Metadata');
  const sources = Object.values(metadata.ok ? (metadata.data.adminRecords ?? {}) : {}).filter((d) => d?.portalProvider);
  state.providers = [];
  for (const source of sources) {
    const result = await api('GET', source.api);
    if (result.ok) for (const r of result.data.list) state.providers.push({ id: r.id, name: r.name });
  }
}

function field(label, control, name) {
  const error = el('div', { class: 'error hidden', role: 'alert' });
  return {
    wrap: el(
      'div',
      { class: 'field', 'data-field': name },
      el('label', { for: control.id, text: label }),
      control,
      error,
    ),
    error,
  };
}

async function usersPanel(portal) {
  const result = await api('GET', `/api/v1/Portal/${encodeURIComponent(portal.id)}/users`);
  const status = el('div', { class: 'alert hidden', role: 'status' });
  const items = (result.ok ? result.data.list : []).map((user) => {
    const remove = el('button', { type: 'button', class: 'secondary small', text: t('Global', 'labels', 'Remove') });
    remove.addEventListener('click', async () => {
      await api('DELETE', `/api/v1/Portal/${encodeURIComponent(portal.id)}/users/${encodeURIComponent(user.id)}`);
      showPortal(portal.id);
    });
    return el('li', { 'data-user': user.userName }, `${user.userName} `, remove);
  });
  const input = el('input', { id: 'portal-user-add', type: 'text', autocomplete: 'off' });
  const add = el('button', { type: 'button', class: 'secondary', text: t('Global', 'labels', 'Add') });
  add.addEventListener('click', async () => {
    const added = await api('POST', `/api/v1/Portal/${encodeURIComponent(portal.id)}/users`, {
      userId: input.value.trim(),
    });
    if (added.ok) return showPortal(portal.id);
    status.className = 'alert error';
    status.textContent = errorText(added.data);
  });
  return el(
    'section',
    { class: 'panel' },
    el('h2', { text: t('Portal', 'labels', 'Users') }),
    status,
    el('ul', { class: 'records' }, items),
    el(
      'div',
      { class: 'inline' },
      el('label', { for: 'portal-user-add', text: t('Login', 'labels', 'User name') }),
      input,
      add,
    ),
  );
}

async function showPortal(id) {
  const result = id ? await api('GET', `/api/v1/Portal/${encodeURIComponent(id)}`) : { ok: true, data: null };
  if (!result.ok) return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText(result.data) }));
  const portal = result.data;
  const status = el('div', { class: 'alert hidden', role: 'status', id: 'portal-status' });
  const name = el('input', { id: 'portal-name', type: 'text', maxlength: 255, value: portal?.name ?? '' });
  const urlId = el('input', {
    id: 'portal-urlId',
    type: 'text',
    maxlength: 64,
    value: portal?.urlId ?? '',
    spellcheck: 'false',
  });
  const active = el('input', { id: 'portal-isActive', type: 'checkbox' });
  active.checked = portal ? portal.isActive : true;
  const provider = el(
    'select',
    { id: 'portal-authenticationProviderId' },
    el('option', { value: '', text: t('Portal', 'labels', 'None (password)') }),
  );
  for (const p of state.providers) provider.append(el('option', { value: p.id, text: p.name }));
  provider.value = portal?.authenticationProviderId ?? '';
  const fields = {
    name: field(t('Portal', 'fields', 'name'), name, 'name'),
    urlId: field(t('Portal', 'fields', 'urlId'), urlId, 'urlId'),
    authenticationProviderId: field(
      t('Portal', 'fields', 'authenticationProviderId'),
      provider,
      'authenticationProviderId',
    ),
  };
  const save = el('button', { type: 'submit', text: t('Settings', 'labels', 'Save') });
  const form = el(
    'form',
    { novalidate: true, id: 'portal-form' },
    fields.name.wrap,
    fields.urlId.wrap,
    el('label', { class: 'check', for: 'portal-isActive' }, active, t('Portal', 'fields', 'isActive')),
    fields.authenticationProviderId.wrap,
    portal ? el('p', { class: 'hint' }, el('a', { href: portal.path, text: portal.path })) : null,
    el('div', { class: 'actions' }, save),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      name: name.value,
      urlId: urlId.value,
      isActive: active.checked,
      authenticationProviderId: provider.value || null,
    };
    const saved = portal
      ? await api('PATCH', `/api/v1/Portal/${encodeURIComponent(portal.id)}`, body)
      : await api('POST', '/api/v1/Portal', body);
    if (saved.ok) return showPortal(saved.data.id);
    status.className = 'alert error';
    status.textContent = errorText(saved.data);
    for (const [key, f] of Object.entries(fields)) {
      const text = saved.data?.fields?.[key];
      f.error.textContent = text ?? '';
      f.error.classList.toggle('hidden', !text);
    }
  });
  const back = el('a', { href: '/admin/portals', text: t('Portal', 'labels', 'Portals') });
  const parts = [
    el('p', {}, back),
    el('h1', { text: portal?.name ?? t('Portal', 'labels', 'New portal') }),
    status,
    form,
  ];
  if (portal) {
    const remove = el('button', {
      type: 'button',
      class: 'secondary',
      id: 'portal-delete',
      text: t('Global', 'labels', 'Delete'),
    });
    remove.addEventListener('click', async () => {
      const done = await api('DELETE', `/api/v1/Portal/${encodeURIComponent(portal.id)}`);
      if (done.ok) window.location.assign('/admin/portals');
    });
    parts.push(el('div', { class: 'actions' }, remove), await usersPanel(portal));
  }
  state.main.replaceChildren(...parts);
}

async function list() {
  const result = await api('GET', '/api/v1/Portal');
  if (!result.ok) return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText(result.data) }));
  const providerName = (id) =>
    state.providers.find((p) => p.id === id)?.name ?? translateKey('Portal.labels.None (password)');
  const rows = result.data.list.map((portal) => {
    const open = el('a', { href: '#', text: portal.name, 'data-id': portal.id });
    open.addEventListener('click', (event) => {
      event.preventDefault();
      showPortal(portal.id);
    });
    return el('li', {}, open, ` — ${portal.path} — ${providerName(portal.authenticationProviderId)}`);
  });
  const add = el('button', { type: 'button', id: 'portal-new', text: t('Portal', 'labels', 'New portal') });
  add.addEventListener('click', () => showPortal(null));
  state.main.replaceChildren(
    el('h1', { text: t('Portal', 'labels', 'Portals') }),
    el('ul', { class: 'records' }, rows),
    add,
  );
}

async function main() {
  const page = await startPage({ adminOnly: true, titleKey: ['Portal', 'labels', 'Portals'] });
  if (!page) return;
  state.main = page.main;
  await loadProviders();
  await list();
}

main();
