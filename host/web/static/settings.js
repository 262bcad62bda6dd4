// Admin settings, rendered from metadata: entityDefs.Settings (fields, core layout) and each
// authenticationMethods.<M>.settings (panel layout, dynamic logic). Dynamic logic runs live with the same
// evaluator the server uses (/static/dynamic-logic.js); the server's per-field errors are shown inline.
import { api, el, errorText, lookup, t } from './api.js';
import { fieldState, findViolations } from './dynamic-logic.js';
import { FIELD_RENDERERS, readOnlyField } from './field-renderers.js';
import { startPage } from './layout.js';
import { renderAction } from './settings-actions.js';

/** Field types that take a whole row (their controls need the width). */
const WIDE_TYPES = new Set(['teamMapping', 'text']);

const state = {
  defs: {},
  methods: {},
  metadata: {},
  view: null,
  fields: new Map(),
  submitted: false,
  // Whether the admin changed anything yet: "invalid" messages wait for it (a fresh form is not an error).
  touched: false,
};

const sameValue = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Secret fields whose saved value may not be used with the form's values: a setting named in the field's
 * `boundTo` (token endpoint, issuer, client ID...) differs from the saved one. Returns name -> changed.
 */
function staleSecrets() {
  const out = new Map();
  for (const [name, field] of state.fields) {
    const bound = state.defs[name]?.boundTo;
    if (!Array.isArray(bound) || !field.setStale) continue;
    const changed = bound.filter((other) => {
      const f = state.fields.get(other);
      const v = f ? f.get() : undefined;
      return v !== undefined && !sameValue(v, state.view.values[other]);
    });
    field.setStale(changed.length > 0);
    if (changed.length > 0 && field.get() === undefined) out.set(name, changed);
  }
  return out;
}

function optionsOf(def) {
  if (def.options) return def.options;
  if (!def.optionsPath) return [];
  let node = state.metadata;
  for (const key of def.optionsPath) node = node?.[key];
  return Object.keys(node ?? {}).filter((key) => {
    if (!def.optionsAvailablePath) return true;
    let v = node[key];
    for (const k of def.optionsAvailablePath) v = v?.[k];
    return v === true;
  });
}

/** Dynamic logic of every method (the server applies all of them). */
function logics() {
  return Object.values(state.methods).map((m) => m?.settings?.dynamicLogic);
}

/** Current form values, as they would be after saving (secrets as "(set)" or ""). */
function values() {
  const out = { ...state.view.values };
  for (const [name, field] of state.fields) {
    const v = field.effective ? field.effective() : field.get();
    if (v !== undefined) out[name] = v;
    else if (state.defs[name]?.type === 'password') out[name] = out[name]?.isSet ? '(set)' : '';
  }
  return out;
}

/**
 * A secret is required when leaving it empty would be invalid with the current values (e.g. the client
 * secret for client_secret_basic/post/jwt, not for private_key_jwt): its `invalid` rule fires when empty.
 */
function secretNeeded(name, current) {
  if (state.defs[name]?.type !== 'password' || !(state.touched || state.submitted)) return false;
  return findViolations(logics(), { ...current, [name]: '' }).some((v) => v.field === name && v.rule === 'invalid');
}

function combinedState(name, current) {
  const states = logics().map((logic) => fieldState(logic?.fields?.[name], current));
  return {
    visible: states.every((s) => s.visible),
    required: Boolean(state.defs[name]?.required) || states.some((s) => s.required) || secretNeeded(name, current),
    readOnly: states.some((s) => s.readOnly),
  };
}

function showError(name, text) {
  const field = state.fields.get(name);
  if (!field) return false;
  field.error.textContent = text ?? '';
  field.error.classList.toggle('hidden', !text);
  field.wrap.classList.toggle('invalid', Boolean(text));
  field.input?.setAttribute('aria-invalid', text ? 'true' : 'false');
  return true;
}

/** Applies dynamic logic to the form: panels, visibility, required marks, read-only, invalid messages. */
function refresh() {
  const stale = staleSecrets();
  const current = values();
  document.querySelectorAll('[data-method-panel]').forEach((panel) => {
    panel.classList.toggle('hidden', current.authenticationMethod !== panel.dataset.methodPanel);
  });
  const violations = new Map(findViolations(logics(), current).map((v) => [v.field, v]));
  for (const [name, field] of state.fields) {
    const s = combinedState(name, current);
    field.wrap.classList.toggle('hidden', !s.visible);
    field.mark.classList.toggle('hidden', !s.required);
    if (!state.defs[name].readOnly) field.setReadOnly(s.readOnly);
    const v = violations.get(name);
    const changed = stale.get(name);
    if (changed && s.visible) {
      field.mark.classList.remove('hidden');
      const names = changed.map((n) => t('Settings', 'fields', n)).join(', ');
      showError(name, t('Settings', 'labels', 'Secret re-entry reason', { fields: names }));
    } else if (v && ((v.rule === 'invalid' && state.touched) || state.submitted))
      showError(name, t('Settings', 'messages', v.messageKey));
    else if (!field.serverError) showError(name, null);
  }
}

function renderField(name) {
  const def = state.defs[name];
  if (!def) return null;
  const id = `field-${name}`;
  const ctx = {
    id,
    name,
    def,
    value: state.view.values[name],
    options: optionsOf(def),
    optionLabel: (o) => lookup('Settings', 'options', name, o) ?? o,
    onChange: () => {
      const f = state.fields.get(name);
      if (f) f.serverError = false;
      state.touched = true;
      document.getElementById('settings-status')?.classList.add('hidden');
      refresh();
    },
  };
  const renderer = def.readOnly ? readOnlyField : FIELD_RENDERERS[def.type];
  if (!renderer) return el('p', { class: 'alert error', text: `${name}: unknown field type ${def.type}` });
  const field = renderer(ctx);
  const mark = el('span', { class: 'required-mark hidden', 'aria-hidden': 'true', text: '*' });
  const error = el('div', { class: 'error hidden', id: `${id}-error`, role: 'alert' });
  const label = el('label', { for: id, id: `${id}-label` }, t('Settings', 'fields', name), mark);
  const hint = def.tooltip
    ? el('div', { class: 'hint', id: `${id}-hint`, text: t('Settings', 'tooltips', name) })
    : null;
  const wrap = el(
    'div',
    { class: WIDE_TYPES.has(def.type) ? 'field wide' : 'field', 'data-field': name, 'data-type': def.type },
    field.inlineLabel
      ? el('label', { class: 'check', for: id }, field.control, t('Settings', 'fields', name), mark)
      : [label, field.control],
    hint,
    error,
  );
  const input = wrap.querySelector(`#${CSS.escape(id)}`);
  // Composite controls (chips, mappings) are groups named by the label.
  if (input && !['INPUT', 'SELECT', 'TEXTAREA'].includes(input.tagName)) {
    input.setAttribute('role', 'group');
    input.setAttribute('aria-labelledby', `${id}-label`);
  }
  input?.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
  state.fields.set(name, { ...field, wrap, mark, error, input, serverError: false });
  return wrap;
}

/** What a settings action may use of the form. */
const actionContext = {
  get fields() {
    return state.fields;
  },
  get defs() {
    return state.defs;
  },
  showError: (name, text) => showError(name, text),
  refresh: () => {
    state.touched = true;
    refresh();
  },
  savedValue: (name) => state.view.values[name],
  /** The form's unsaved changes (as a save would send them). */
  patch: () => patchBody(),
};

function panel(title, layout, method, actions = []) {
  const section = el('section', { class: 'card', 'data-method-panel': method ?? null }, el('h2', { text: title }));
  for (const row of layout ?? []) {
    const names = Array.isArray(row) ? row : [row];
    section.append(
      el(
        'div',
        { class: 'row' },
        names.map((name) => renderField(name)),
      ),
    );
    for (const action of actions.filter((a) => names.includes(a.field))) {
      const node = renderAction(action, actionContext);
      if (node) section.append(node);
    }
  }
  // Actions not tied to a field close the panel.
  for (const action of actions.filter((a) => !a.field)) {
    const node = renderAction(action, actionContext);
    if (node) section.append(node);
  }
  return section;
}

function patchBody() {
  const patch = {};
  for (const [name, field] of state.fields) {
    if (state.defs[name].readOnly) continue;
    const value = field.get();
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(state.view.values[name] ?? null)) patch[name] = value;
  }
  return patch;
}

async function save(alert, button) {
  state.submitted = true;
  for (const field of state.fields.values()) field.serverError = false;
  refresh();
  alert.className = 'alert hidden';
  const problems = findViolations(logics(), values());
  if (problems.length > 0) {
    alert.className = 'alert error';
    alert.textContent = t('Settings', 'labels', 'Not saved');
    state.fields.get(problems[0].field)?.input?.focus();
    return;
  }
  button.disabled = true;
  const result = await api('PATCH', '/api/v1/Settings', patchBody());
  button.disabled = false;
  if (result.ok) {
    state.view = result.data;
    state.submitted = false;
    state.touched = false;
    render();
    const ok = document.getElementById('settings-status');
    ok.className = 'alert ok';
    ok.textContent = t('Settings', 'labels', 'Saved');
    return;
  }
  const fields = result.data?.fields ?? {};
  const unplaced = [];
  for (const [name, text] of Object.entries(fields)) {
    if (showError(name, text)) state.fields.get(name).serverError = true;
    else unplaced.push(`${name}: ${text}`);
  }
  alert.className = 'alert error';
  alert.textContent = [
    Object.keys(fields).length ? t('Settings', 'labels', 'Not saved') : errorText(result.data),
    ...unplaced,
  ].join(' ');
  const first = Object.keys(fields).find((n) => state.fields.has(n));
  if (first) state.fields.get(first).input?.focus();
}

function render() {
  const main = document.getElementById('main');
  state.fields.clear();
  const alert = el('div', { id: 'settings-status', class: 'alert hidden', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { novalidate: true, id: 'settings-form' });
  form.append(
    panel(t('Settings', 'labels', 'Authentication'), state.metadata.entityDefs?.Settings?.layout?.authentication),
  );
  for (const [method, data] of Object.entries(state.methods)) {
    if (data?.settings?.isAvailable && (data.settings.layout ?? []).length > 0) {
      form.append(
        panel(
          lookup('Settings', 'options', 'authenticationMethod', method) ?? method,
          data.settings.layout,
          method,
          Array.isArray(data.settings.actions) ? data.settings.actions : [],
        ),
      );
    }
  }
  const button = el('button', { type: 'submit', text: t('Settings', 'labels', 'Save') });
  form.append(el('div', { class: 'actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(alert, button);
  });
  main.replaceChildren(el('h1', { text: t('Settings', 'labels', 'Settings') }), alert, form);
  refresh();
}

async function main() {
  const page = await startPage({ adminOnly: true, titleKey: ['Settings', 'labels', 'Settings'] });
  if (!page) return;
  const [metadata, settings] = await Promise.all([api('GET', '/api/v1/Metadata'), api('GET', '/api/v1/Settings')]);
  if (!metadata.ok || !settings.ok) {
    page.main.replaceChildren(
      el('p', { class: 'alert error', role: 'alert', text: errorText((metadata.ok ? settings : metadata).data) }),
    );
    return;
  }
  state.metadata = metadata.data;
  state.defs = metadata.data.entityDefs?.Settings?.fields ?? {};
  state.methods = metadata.data.authenticationMethods ?? {};
  state.view = settings.data;
  render();
  // Warn before leaving with unsaved changes.
  window.addEventListener('beforeunload', (event) => {
    if (Object.keys(patchBody()).length > 0) event.preventDefault();
  });
}

main();
