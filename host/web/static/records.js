// A generic admin page for the records an extension declares in metadata `adminRecords.<Name>`
// (`/admin/records/<Name>`): a list, and a form rendered from field definitions with the settings field
// renderers. The record's API (`api`) does the validation; its per-field errors are shown inline.
// Declaration: { api, titleKey, newKey, layout: [[field, ...], ...], fields: { name: def },
//   fieldsFrom: 'Settings' (other fields' definitions and labels), uriLists: [{ field, labelKey, emptyKey }],
//   noteKey }.
import { api, el, errorText, lookup, t, translateKey } from './api.js';
import { FIELD_RENDERERS } from './field-renderers.js';
import { startPage } from './layout.js';

const state = { name: '', decl: null, metadata: {}, main: null };

const tk = (key) => (key ? (translateKey(key) ?? key) : '');

function defOf(field) {
  return state.decl.fields?.[field] ?? state.metadata.entityDefs?.[state.decl.fieldsFrom]?.fields?.[field] ?? null;
}

function labelOf(field) {
  return state.decl.fields?.[field]
    ? (lookup(state.name, 'fields', field) ?? field)
    : (lookup(state.decl.fieldsFrom, 'fields', field) ?? field);
}

function optionsOf(def) {
  if (def.options) return def.options;
  let node = state.metadata;
  for (const key of def.optionsPath ?? []) node = node?.[key];
  return Object.keys(node ?? {});
}

function uriList(spec, record) {
  const uris = Array.isArray(record?.[spec.field]) ? record[spec.field] : [];
  const rows = uris.map((uri) => {
    const input = el('input', { type: 'text', readonly: true, value: uri, class: 'uri' });
    const copy = el('button', { type: 'button', class: 'secondary small', text: t('Settings', 'labels', 'Copy') });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(uri);
      } catch {
        input.select();
      }
      copy.textContent = t('Settings', 'labels', 'Copied');
    });
    return el('div', { class: 'inline', 'data-uri': uri }, input, copy);
  });
  return el(
    'div',
    { class: 'field wide', 'data-uri-list': spec.field },
    el('label', { text: tk(spec.labelKey) }),
    rows.length ? rows : el('p', { class: 'hint', text: tk(spec.emptyKey) }),
  );
}

function form(record) {
  const fields = new Map();
  const status = el('div', { class: 'alert hidden', role: 'status', id: 'record-status' });
  const formEl = el('form', { novalidate: true, id: 'record-form' });
  for (const row of state.decl.layout ?? []) {
    const line = el('div', { class: 'row' });
    for (const name of row) {
      const def = defOf(name);
      const renderer = def && FIELD_RENDERERS[def.type];
      if (!renderer) continue;
      const id = `field-${name}`;
      const field = renderer({
        id,
        name,
        def,
        value: record ? record[name] : (def.default ?? null),
        options: optionsOf(def),
        optionLabel: (o) => lookup(state.decl.fieldsFrom, 'options', name, o) ?? o,
        onChange: () => {},
      });
      const error = el('div', { class: 'error hidden', role: 'alert' });
      const hintText =
        def.tooltip && !state.decl.fields?.[name] ? lookup(state.decl.fieldsFrom, 'tooltips', name) : null;
      const hint = hintText ? el('div', { class: 'hint', text: hintText }) : null;
      line.append(
        el(
          'div',
          { class: 'field', 'data-field': name },
          field.inlineLabel
            ? el('label', { class: 'check', for: id }, field.control, labelOf(name))
            : [el('label', { for: id, text: labelOf(name) }), field.control],
          hint,
          error,
        ),
      );
      fields.set(name, { ...field, error });
    }
    formEl.append(line);
  }
  for (const spec of state.decl.uriLists ?? []) formEl.append(uriList(spec, record));
  if (state.decl.noteKey) formEl.append(el('p', { class: 'hint', text: tk(state.decl.noteKey) }));
  const save = el('button', { type: 'submit', text: t('Settings', 'labels', 'Save') });
  const actions = el('div', { class: 'actions' }, save);
  if (record) {
    const remove = el('button', {
      type: 'button',
      class: 'secondary',
      id: 'record-delete',
      text: tk('Global.labels.Delete'),
    });
    remove.addEventListener('click', async () => {
      const result = await api('DELETE', `${state.decl.api}/${encodeURIComponent(record.id)}`);
      if (result.ok) return list();
      status.className = 'alert error';
      status.textContent = errorText(result.data);
    });
    actions.append(remove);
  }
  formEl.append(actions);
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const [name, field] of fields) {
      const value = field.get();
      if (value !== undefined && (!record || JSON.stringify(value) !== JSON.stringify(record[name])))
        body[name] = value;
    }
    for (const f of fields.values()) f.error.classList.add('hidden');
    const result = record
      ? await api('PATCH', `${state.decl.api}/${encodeURIComponent(record.id)}`, body)
      : await api('POST', state.decl.api, body);
    if (result.ok) return showRecord(result.data, true);
    status.className = 'alert error';
    const unplaced = [];
    for (const [name, text] of Object.entries(result.data?.fields ?? {})) {
      const field = fields.get(name);
      if (!field) unplaced.push(`${name}: ${text}`);
      else {
        field.error.textContent = text;
        field.error.classList.remove('hidden');
      }
    }
    status.textContent = [errorText(result.data), ...unplaced].join(' ');
  });
  return el('div', {}, status, formEl);
}

function showRecord(record, saved = false) {
  const back = el('a', { href: `/admin/records/${state.name}`, text: tk(state.decl.titleKey) });
  const title = record ? record[state.decl.nameField ?? 'name'] : tk(state.decl.newKey);
  state.main.replaceChildren(el('p', {}, back), el('h1', { text: title }), form(record));
  if (saved) {
    const status = document.getElementById('record-status');
    status.className = 'alert ok';
    status.textContent = t('Settings', 'labels', 'Saved');
  }
}

async function list() {
  const result = await api('GET', state.decl.api);
  if (!result.ok) return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText(result.data) }));
  const add = el('button', { type: 'button', id: 'record-new', text: tk(state.decl.newKey) });
  add.addEventListener('click', () => showRecord(null));
  const rows = result.data.list.map((record) => {
    const open = el('a', { href: '#', text: record[state.decl.nameField ?? 'name'], 'data-id': record.id });
    open.addEventListener('click', async (event) => {
      event.preventDefault();
      const one = await api('GET', `${state.decl.api}/${encodeURIComponent(record.id)}`);
      if (one.ok) showRecord(one.data);
    });
    return el('li', {}, open);
  });
  state.main.replaceChildren(el('h1', { text: tk(state.decl.titleKey) }), el('ul', { class: 'records' }, rows), add);
}

async function main() {
  state.name = decodeURIComponent(window.location.pathname.split('/').pop() ?? '');
  const page = await startPage({ adminOnly: true, titleKey: ['Global', 'labels', 'Administration'] });
  if (!page) return;
  state.main = page.main;
  const metadata = await api('GET', '/api/v1/Metadata');
  state.metadata = metadata.ok ? metadata.data : {};
  state.decl = state.metadata.adminRecords?.[state.name] ?? null;
  if (!state.decl)
    return state.main.replaceChildren(el('p', { class: 'alert error', text: errorText({ code: 'ERR_NOT_FOUND' }) }));
  document.title = `${tk(state.decl.titleKey)} · CRM`;
  await list();
}

main();
