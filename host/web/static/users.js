// Administration > Users: every user with type, active state, teams (and who made each membership:
// `manual` or a mapper such as `oidc`) and the identity-provider identities linked to it. Activate and
// deactivate (ends the sessions), add and remove team memberships, unlink an identity.
import { api, el, errorText, t } from './api.js';
import { startPage } from './layout.js';

const PAGE_SIZE = 25;
const state = { main: null, me: null, teams: [], offset: 0, query: '', notice: null };

const when = (iso) => (iso ? new Date(iso).toLocaleString() : t('UserAdmin', 'labels', 'never'));

function notice(kind, text) {
  state.notice = { kind, text };
}

async function act(method, path, body, success) {
  const result = await api(method, path, body);
  notice(result.ok ? 'ok' : 'error', result.ok ? success(result.data) : errorText(result.data));
  await render();
}

function teamsPart(user) {
  const base = `/api/v1/User/${encodeURIComponent(user.id)}/teams`;
  const chips = user.teams.map((team) => {
    const remove = el('button', {
      type: 'button',
      'aria-label': t('UserAdmin', 'labels', 'Remove from team', { team: team.name }),
      title: t('UserAdmin', 'labels', 'Remove from team', { team: team.name }),
      text: '×',
    });
    remove.addEventListener('click', () => {
      if (!window.confirm(t('UserAdmin', 'messages', 'confirmTeamRemove', { user: user.userName, team: team.name })))
        return;
      act('DELETE', `${base}/${encodeURIComponent(team.id)}`, undefined, () =>
        t('UserAdmin', 'messages', 'teamRemoved', { user: user.userName, team: team.name }),
      );
    });
    return el(
      'span',
      { class: `chip source-${team.source === 'manual' ? 'manual' : 'mapped'}`, 'data-team': team.name },
      el('span', { text: team.name }),
      el('small', { class: 'source', text: team.source }),
      remove,
    );
  });
  const inTeams = new Set(user.teams.map((x) => x.id));
  const choices = state.teams.filter((team) => !inTeams.has(team.id));
  const select = el(
    'select',
    { 'aria-label': t('UserAdmin', 'labels', 'Add to team'), 'data-add-team': user.userName },
    el('option', { value: '', text: t('UserAdmin', 'labels', 'Add to team') }),
    choices.map((team) => el('option', { value: team.id, text: team.name })),
  );
  const add = el('button', { type: 'button', class: 'secondary small', text: t('UserAdmin', 'labels', 'Add') });
  add.addEventListener('click', () => {
    if (!select.value) return;
    const name = select.selectedOptions[0]?.textContent ?? '';
    act('POST', base, { teamId: select.value }, () =>
      t('UserAdmin', 'messages', 'teamAdded', { user: user.userName, team: name }),
    );
  });
  return el(
    'div',
    { class: 'user-teams' },
    el('h3', { text: t('UserAdmin', 'labels', 'Teams') }),
    chips.length > 0
      ? el('div', { class: 'chips' }, chips)
      : el('p', { class: 'muted', text: t('UserAdmin', 'labels', 'No teams') }),
    choices.length > 0 ? el('div', { class: 'inline add-team' }, select, add) : null,
  );
}

function linksPart(user) {
  const items = user.identityLinks.map((link) => {
    const unlink = el('button', { type: 'button', class: 'secondary small', text: t('UserAdmin', 'labels', 'Unlink') });
    unlink.addEventListener('click', () => {
      const question = t('UserAdmin', 'messages', 'confirmUnlink', { user: user.userName, issuer: link.issuer });
      if (!window.confirm(question)) return;
      act(
        'DELETE',
        `/api/v1/User/${encodeURIComponent(user.id)}/identity-links/${encodeURIComponent(link.id)}`,
        undefined,
        () => t('UserAdmin', 'messages', 'unlinked', { user: user.userName, issuer: link.issuer }),
      );
    });
    return el(
      'li',
      { class: 'link', 'data-link': link.id },
      el(
        'dl',
        { class: 'facts' },
        el('dt', { text: t('UserAdmin', 'labels', 'Issuer') }),
        el('dd', {}, el('code', { text: link.issuer })),
        el('dt', { text: t('UserAdmin', 'labels', 'Subject') }),
        el('dd', {}, el('code', { text: link.subject })),
        el('dt', { text: t('UserAdmin', 'labels', 'Linked at') }),
        el('dd', {}, el('time', { datetime: link.linkedAt, text: when(link.linkedAt) })),
        el('dt', { text: t('UserAdmin', 'labels', 'Last login') }),
        el(
          'dd',
          {},
          link.lastLoginAt ? el('time', { datetime: link.lastLoginAt, text: when(link.lastLoginAt) }) : when(null),
        ),
      ),
      unlink,
    );
  });
  return el(
    'div',
    { class: 'user-links' },
    el('h3', { text: t('UserAdmin', 'labels', 'Identity links') }),
    items.length > 0
      ? el('ul', { class: 'links' }, items)
      : el('p', { class: 'muted', text: t('UserAdmin', 'labels', 'No identity links') }),
  );
}

function userCard(user) {
  const path = `/api/v1/User/${encodeURIComponent(user.id)}`;
  const toggle = el('button', {
    type: 'button',
    class: user.isActive ? 'secondary small danger' : 'small',
    'data-toggle': user.userName,
    text: t('UserAdmin', 'labels', user.isActive ? 'Deactivate' : 'Activate'),
    disabled: user.id === state.me.user.id,
    title: user.id === state.me.user.id ? t('UserAdmin', 'labels', 'This is you') : null,
  });
  toggle.addEventListener('click', () => {
    if (user.isActive) {
      if (!window.confirm(t('UserAdmin', 'messages', 'confirmDeactivate', { user: user.userName }))) return;
      act('POST', `${path}/deactivate`, undefined, (data) =>
        t('UserAdmin', 'messages', 'deactivated', { user: user.userName, count: data.endedSessions }),
      );
    } else {
      act('POST', `${path}/activate`, undefined, () =>
        t('UserAdmin', 'messages', 'activated', { user: user.userName }),
      );
    }
  });
  return el(
    'article',
    { class: `card user${user.isActive ? '' : ' inactive'}`, 'data-user': user.userName },
    el(
      'div',
      { class: 'user-head' },
      el(
        'div',
        { class: 'who-is' },
        el('strong', { class: 'user-name', text: user.userName }),
        user.name && user.name !== user.userName ? el('span', { class: 'muted', text: user.name }) : null,
        user.emailAddress ? el('span', { class: 'muted', text: user.emailAddress }) : null,
      ),
      el(
        'div',
        { class: 'badges' },
        el('span', { class: `badge type-${user.type}`, text: t('UserAdmin', 'types', user.type) }),
        el('span', {
          class: `badge ${user.isActive ? 'active' : 'off'}`,
          'data-state': user.isActive ? 'active' : 'inactive',
          text: t('UserAdmin', 'labels', user.isActive ? 'Active' : 'Inactive'),
        }),
        toggle,
      ),
    ),
    el('div', { class: 'user-body' }, teamsPart(user), linksPart(user)),
  );
}

async function render() {
  const params = new URLSearchParams({ offset: String(state.offset), maxSize: String(PAGE_SIZE) });
  if (state.query) params.set('q', state.query);
  const [users, teams] = await Promise.all([api('GET', `/api/v1/User?${params}`), api('GET', '/api/v1/Team')]);
  const status = el('div', { class: 'alert hidden', role: 'status', id: 'user-status' });
  if (state.notice) {
    status.className = `alert ${state.notice.kind}`;
    status.textContent = state.notice.text;
    state.notice = null;
  }
  if (!users.ok) return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText(users.data) }));
  state.teams = teams.ok ? teams.data.list : [];
  const search = el('input', {
    type: 'search',
    id: 'user-search',
    value: state.query,
    'aria-label': t('UserAdmin', 'labels', 'Search'),
    placeholder: t('UserAdmin', 'labels', 'Search'),
  });
  const form = el('form', { class: 'inline search', role: 'search' }, search);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.query = search.value.trim();
    state.offset = 0;
    render();
  });
  const { total, list } = users.data;
  const prev = el('button', {
    type: 'button',
    class: 'secondary',
    text: t('UserAdmin', 'labels', 'Previous'),
    disabled: state.offset === 0,
  });
  const next = el('button', {
    type: 'button',
    class: 'secondary',
    text: t('UserAdmin', 'labels', 'Next'),
    disabled: state.offset + PAGE_SIZE >= total,
  });
  prev.addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    render();
  });
  next.addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    render();
  });
  const parts = [
    el('h1', { text: t('UserAdmin', 'labels', 'Users') }),
    status,
    form,
    list.length > 0
      ? el('div', { class: 'users' }, list.map(userCard))
      : el('p', { class: 'empty', text: t('UserAdmin', 'labels', 'No users found') }),
    total > PAGE_SIZE
      ? el(
          'div',
          { class: 'actions' },
          prev,
          next,
          el('span', {
            text: t('UserAdmin', 'labels', 'Page', {
              from: total ? state.offset + 1 : 0,
              to: Math.min(state.offset + PAGE_SIZE, total),
              total,
            }),
          }),
        )
      : null,
  ];
  state.main.replaceChildren(...parts.filter(Boolean));
}

async function main() {
  const page = await startPage({ adminOnly: true, titleKey: ['UserAdmin', 'labels', 'Users'] });
  if (!page) return;
  state.main = page.main;
  state.me = page.me;
  await render();
}

main();
