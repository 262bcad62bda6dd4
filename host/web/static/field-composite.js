// Composite settings controls: multi-enum (checkboxes, or chips with custom options) and the team-mapping
// editor. Same renderer contract as field-renderers.js.
import { api, el, t } from './api.js';

export function multiEnum({ id, value, options, optionLabel, onChange, def }) {
  let values = Array.isArray(value) ? [...value] : [];
  const chips = el('div', { class: 'chips', role: 'list' });
  const fixed = el('div', {});
  let readOnly = false;
  const draw = () => {
    chips.replaceChildren(
      ...values.map((v, i) =>
        el(
          'span',
          { class: 'chip', role: 'listitem' },
          optionLabel(v),
          el('button', {
            type: 'button',
            'aria-label': `${t('Settings', 'labels', 'Remove')} ${v}`,
            text: '×',
            disabled: readOnly,
            onclick: () => {
              values.splice(i, 1);
              draw();
              onChange();
            },
          }),
        ),
      ),
    );
  };
  const control = el('div', { id, role: 'group' }, chips);
  if (def.allowCustomOptions) {
    const listId = `${id}-options`;
    const input = el('input', { type: 'text', list: listId, 'aria-label': t('Settings', 'labels', 'Add option') });
    const add = el('button', { type: 'button', class: 'secondary small', text: t('Settings', 'labels', 'Add option') });
    const addValue = () => {
      const v = input.value.trim();
      if (v && !values.includes(v)) {
        values.push(v);
        draw();
        onChange();
      }
      input.value = '';
    };
    add.addEventListener('click', addValue);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        addValue();
      }
    });
    control.append(
      el('div', { class: 'inline' }, input, add),
      el(
        'datalist',
        { id: listId },
        options.map((o) => el('option', { value: o })),
      ),
    );
  } else {
    chips.classList.add('hidden');
    fixed.classList.add('checks');
    fixed.append(
      ...options.map((o) => {
        const box = el('input', { type: 'checkbox', value: o, checked: values.includes(o) });
        box.addEventListener('change', () => {
          values = options.filter((x) => (x === o ? box.checked : values.includes(x)));
          onChange();
        });
        return el('label', { class: 'check' }, box, optionLabel(o));
      }),
    );
    control.append(fixed);
  }
  draw();
  return {
    control,
    get: () => [...values],
    set: (v) => {
      values = Array.isArray(v) ? [...v] : [];
      draw();
      fixed.querySelectorAll('input').forEach((b) => {
        b.checked = values.includes(b.value);
      });
    },
    setReadOnly: (on) => {
      readOnly = on;
      control.querySelectorAll('input,button').forEach((x) => {
        x.disabled = on;
      });
    },
  };
}

/**
 * Teams for the rules' team picker from `GET /api/v1/Team`: a list (`[{ id, name, ... }]`) or a page
 * (`{ total, list }`); null when unavailable (the editor then works without picker and warnings).
 */
let teamsRequest = null;
async function fetchTeams() {
  const teams = [];
  // Paged (`maxSize`, `offset`); at most 1,000 teams (the rules' sensible range).
  while (teams.length < 1000) {
    const r = await api('GET', `/api/v1/Team?maxSize=200&offset=${teams.length}`);
    const list = Array.isArray(r.data) ? r.data : r.data?.list;
    if (!r.ok || !Array.isArray(list)) return teams.length > 0 ? teams : null;
    teams.push(...list.filter((x) => typeof x?.id === 'string' && typeof x?.name === 'string'));
    const total = typeof r.data?.total === 'number' ? r.data.total : teams.length;
    if (list.length === 0 || teams.length >= total || Array.isArray(r.data)) break;
  }
  return teams;
}
function loadTeams() {
  teamsRequest ??= fetchTeams();
  return teamsRequest;
}
const TEAMS_CHANGED = 'crm:teams-changed';
/**
 * Reads the teams again (the admin may have created or renamed one in another tab): every rule editor then
 * re-checks its rules, so a warning about a team that now exists goes away. Called when the page becomes
 * visible again and after a test login.
 */
export function reloadTeams() {
  teamsRequest = null;
  document.dispatchEvent(new window.Event(TEAMS_CHANGED));
}
let reloadOnReturn = false;
function watchForTeamChanges() {
  if (reloadOnReturn) return;
  reloadOnReturn = true;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reloadTeams();
  });
  window.addEventListener('focus', () => reloadTeams());
}

const TEMPLATED_TEAM = /\$(\$|\d{1,2}|<[A-Za-z_$][\w$]*>)/;

export function teamMapping({ id, value, onChange }) {
  let rows = Array.isArray(value) ? value.map((r) => ({ ...r })) : [];
  // Known teams (null until loaded or when the API is absent): rules store the picked team's id, so they
  // survive a rename; a rule whose team does not exist is flagged next to it.
  let teams = null;
  const listId = `${id}-teams`;
  const teamList = el('datalist', { id: listId });
  const list = el('div', { id, class: 'mapping-list' });
  const fixedName = (row) => !(row.pattern && TEMPLATED_TEAM.test(row.team ?? ''));
  /** Points the rule at the team of its (typed) name, or drops a stale id. */
  const attach = (row) => {
    if (!teams) return;
    const named = fixedName(row) ? teams.find((x) => x.name === (row.team ?? '').trim()) : undefined;
    if (named) row.teamId = named.id;
    else delete row.teamId;
  };
  const missing = (row) =>
    teams !== null &&
    fixedName(row) &&
    (row.team ?? '').trim() !== '' &&
    !teams.some((x) => x.id === row.teamId || x.name === (row.team ?? '').trim());
  const head = () =>
    rows.length === 0
      ? []
      : [
          el(
            'div',
            { class: 'mapping-head', 'aria-hidden': 'true' },
            el('span', { text: t('Settings', 'labels', 'Group') }),
            el('span', { text: t('Settings', 'labels', 'Team') }),
            el('span', { class: 'pad' }),
            el('span', { class: 'pad' }),
          ),
        ];
  const draw = () => {
    list.replaceChildren(
      ...head(),
      ...rows.map((row, i) => {
        const group = el('input', {
          type: 'text',
          'aria-label': t('Settings', 'labels', 'Group'),
          placeholder: t('Settings', 'labels', 'Group'),
        });
        const team = el('input', {
          type: 'text',
          list: listId,
          'aria-label': t('Settings', 'labels', 'Team'),
          placeholder: t('Settings', 'labels', 'Team'),
        });
        const warning = el('p', { class: 'field-warning mapping-warning', role: 'note' });
        const showWarning = () => {
          const show = missing(row);
          warning.textContent = show ? t('Settings', 'labels', 'teamMappingNoSuchTeam', { team: row.team.trim() }) : '';
          warning.hidden = !show;
          team.setAttribute('aria-invalid', show ? 'true' : 'false');
        };
        const pattern = el('input', { type: 'checkbox', checked: row.pattern === true });
        group.value = row.group ?? '';
        team.value = row.team ?? '';
        showWarning();
        group.addEventListener('input', () => {
          row.group = group.value;
          onChange();
        });
        team.addEventListener('input', () => {
          row.team = team.value;
          attach(row);
          showWarning();
          onChange();
        });
        pattern.addEventListener('change', () => {
          if (pattern.checked) row.pattern = true;
          else delete row.pattern;
          attach(row);
          showWarning();
          onChange();
        });
        const remove = el('button', {
          type: 'button',
          class: 'secondary small',
          text: t('Settings', 'labels', 'Remove'),
          onclick: () => {
            rows.splice(i, 1);
            draw();
            onChange();
          },
        });
        return el(
          'div',
          { class: 'mapping' },
          group,
          team,
          el('label', { class: 'check' }, pattern, t('Settings', 'labels', 'Pattern')),
          remove,
          warning,
        );
      }),
    );
  };
  /** Shows each stored id's current team name (a renamed team) and names the rules without a team. */
  const refresh = () => {
    if (!teams) return;
    teamList.replaceChildren(...teams.map((x) => el('option', { value: x.name })));
    for (const row of rows) {
      const current = row.teamId ? teams.find((x) => x.id === row.teamId) : undefined;
      if (current && fixedName(row)) row.team = current.name;
      else attach(row);
    }
    draw();
  };
  let seen = null;
  const load = () =>
    loadTeams().then((loaded) => {
      // redraw only when the teams changed (a redraw replaces the inputs the admin may be typing in)
      const key = JSON.stringify(loaded?.map((x) => [x.id, x.name]) ?? null);
      if (key === seen) return;
      seen = key;
      teams = loaded;
      refresh();
    });
  load();
  document.addEventListener(TEAMS_CHANGED, load);
  watchForTeamChanges();
  const add = el('button', {
    type: 'button',
    class: 'secondary small add-mapping',
    text: t('Settings', 'labels', 'Add mapping'),
    onclick: () => {
      rows.push({ group: '', team: '' });
      draw();
      onChange();
    },
  });
  draw();
  return {
    control: el('div', {}, list, add, teamList),
    get: () =>
      rows.map((r) => ({
        group: r.group,
        team: r.team,
        ...(r.teamId ? { teamId: r.teamId } : {}),
        ...(r.pattern ? { pattern: true } : {}),
      })),
    set: (v) => {
      rows = Array.isArray(v) ? v.map((r) => ({ ...r })) : [];
      refresh();
      draw();
    },
    setReadOnly: (on) => {
      list.querySelectorAll('input,button').forEach((x) => {
        x.disabled = on;
      });
      add.disabled = on;
    },
  };
}

/** Computed values (e.g. a redirect URI): shown read-only with a copy button. */
