// Administration > Teams: list teams with their member counts, create, rename (the id stays, so mapping
// rules that store the id keep working) and delete (after a confirmation naming the memberships removed).
import { api, el, errorText, t } from './api.js';
import { startPage } from './layout.js';

const state = { main: null, status: null };

function showStatus(kind, text) {
  state.status.className = `alert ${kind}`;
  state.status.textContent = text;
}

function nameError(wrap, data) {
  const text = data?.fields?.name ? errorText(data) : '';
  wrap.classList.toggle('invalid', Boolean(text));
}

function renameRow(row, team) {
  const input = el('input', {
    type: 'text',
    id: `team-rename-${team.id}`,
    maxlength: 255,
    value: team.name,
    'aria-label': t('Team', 'labels', 'New name'),
  });
  const save = el('button', { type: 'submit', class: 'small', text: t('Team', 'labels', 'Save') });
  const cancel = el('button', { type: 'button', class: 'secondary small', text: t('Team', 'labels', 'Cancel') });
  const form = el('form', { class: 'inline rename', novalidate: true, 'data-rename': team.id }, input, save, cancel);
  cancel.addEventListener('click', () => render());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api('PATCH', `/api/v1/Team/${encodeURIComponent(team.id)}`, { name: input.value });
    if (!result.ok) {
      nameError(form, result.data);
      return showStatus('error', errorText(result.data));
    }
    await render();
    showStatus('ok', t('Team', 'messages', 'renamed', { from: team.name, to: result.data.name }));
  });
  row.classList.add('renaming');
  row.querySelector('.team-name').replaceChildren(form);
  input.focus();
  input.select();
}

async function remove(team) {
  const question =
    team.memberCount > 0
      ? t('Team', 'messages', 'confirmDeleteMembers', { name: team.name, count: team.memberCount })
      : t('Team', 'messages', 'confirmDelete', { name: team.name });
  if (!window.confirm(question)) return;
  const result = await api('DELETE', `/api/v1/Team/${encodeURIComponent(team.id)}`);
  if (!result.ok) return showStatus('error', errorText(result.data));
  await render();
  showStatus('ok', t('Team', 'messages', 'deleted', { name: team.name, count: result.data.removedMemberships }));
}

function teamRow(team) {
  const rename = el('button', { type: 'button', class: 'secondary small', text: t('Team', 'labels', 'Rename') });
  const del = el('button', { type: 'button', class: 'secondary small danger', text: t('Team', 'labels', 'Delete') });
  const row = el(
    'tr',
    { 'data-team': team.name, 'data-id': team.id },
    el('td', { class: 'team-name', 'data-label': t('Team', 'labels', 'Name') }, el('span', { text: team.name })),
    el('td', { class: 'num', 'data-label': t('Team', 'labels', 'Members'), text: String(team.memberCount) }),
    el('td', { class: 'row-actions' }, rename, del),
  );
  rename.addEventListener('click', () => renameRow(row, team));
  del.addEventListener('click', () => remove(team));
  return row;
}

function createForm() {
  const input = el('input', { type: 'text', id: 'team-new-name', maxlength: 255, autocomplete: 'off' });
  const add = el('button', { type: 'submit', id: 'team-create', text: t('Team', 'labels', 'Create team') });
  const wrap = el('div', { class: 'inline' }, input, add);
  const form = el(
    'form',
    { class: 'card compact', id: 'team-form', novalidate: true },
    el('label', { for: 'team-new-name', text: t('Team', 'labels', 'New team') }),
    wrap,
    el('p', { class: 'hint', text: t('Team', 'labels', 'Names are unique') }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await api('POST', '/api/v1/Team', { name: input.value });
    if (!result.ok) {
      nameError(form, result.data);
      return showStatus('error', errorText(result.data));
    }
    await render();
    showStatus('ok', t('Team', 'messages', 'created', { name: result.data.name }));
    document.getElementById('team-new-name')?.focus();
  });
  return form;
}

async function render() {
  const result = await api('GET', '/api/v1/Team');
  state.status = el('div', { class: 'alert hidden', role: 'status', id: 'team-status' });
  if (!result.ok) return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText(result.data) }));
  const { list } = result.data;
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', text: t('Team', 'labels', 'Name') }),
    el('th', { scope: 'col', class: 'num', text: t('Team', 'labels', 'Members') }),
    el('th', { scope: 'col', text: '' }),
  );
  const table =
    list.length === 0
      ? el('p', { class: 'empty', id: 'team-empty', text: t('Team', 'labels', 'No teams yet') })
      : el(
          'div',
          { class: 'table-wrap' },
          el('table', { class: 'stack', id: 'team-table' }, el('thead', {}, head), el('tbody', {}, list.map(teamRow))),
        );
  state.main.replaceChildren(
    el('h1', { text: t('Team', 'labels', 'Teams') }),
    el('p', { class: 'lead', text: t('Team', 'labels', 'Teams intro') }),
    state.status,
    createForm(),
    table,
  );
}

async function main() {
  const page = await startPage({ adminOnly: true, titleKey: ['Team', 'labels', 'Teams'] });
  if (!page) return;
  state.main = page.main;
  await render();
}

main();
