// Talking to the host API: JSON in and out, the CSRF header on state changes, translations.
let csrfToken = null;
let strings = {};

export function setCsrfToken(token) {
  csrfToken = token;
}

/** The CSRF header for a state-changing request sent without `api()` (e.g. a raw upload). */
export function csrfHeader() {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Calls the API. Resolves to { ok, status, data }; never throws for HTTP errors. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, data: { code: 'ERR_NETWORK', i18nKey: 'Global.messages.networkError' } };
  }
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { code: 'ERR_BAD_RESPONSE' };
  }
  return { ok: response.ok, status: response.status, data };
}

export async function loadStrings() {
  const language = (navigator.language || 'en-US').replace('-', '_');
  const result = await api(
    'GET',
    `/api/v1/I18n?language=${encodeURIComponent(/^[a-z]{2,3}_[A-Z]{2}$/.test(language) ? language : 'en_US')}`,
  );
  strings = result.ok ? result.data.data : {};
  document.documentElement.lang = (result.ok ? result.data.language : 'en_US').replace('_', '-');
  return strings;
}

/** Translates `scope.category.key`, filling `{name}` placeholders; falls back to the key. */
export function t(scope, category, key, params = {}) {
  const value = strings?.[scope]?.[category]?.[key];
  const text = typeof value === 'string' ? value : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** The raw string at a path of the loaded strings (e.g. 'Settings', 'options', field, value), or null. */
export function lookup(...path) {
  let node = strings;
  for (const key of path) node = node?.[key];
  return typeof node === 'string' ? node : null;
}

/** Translates an i18n key such as `Settings.messages.fieldIsRequired`; null when unknown. */
export function translateKey(i18nKey) {
  if (typeof i18nKey !== 'string') return null;
  const [scope, category, ...rest] = i18nKey.split('.');
  const value = strings?.[scope]?.[category]?.[rest.join('.')];
  return typeof value === 'string' ? value : null;
}

/**
 * How an authentication method is shown (home page, auth log): its i18n label
 * (`Global.authenticationMethods.<name>`, added by the extension that provides it), else the label of the
 * settings option, else the name.
 */
export function methodLabel(method) {
  if (!method) return '';
  return (
    lookup('Global', 'authenticationMethods', method) ??
    lookup('Settings', 'options', 'authenticationMethod', method) ??
    method
  );
}

/** A human message for an API error body. */
export function errorText(data) {
  return translateKey(data?.i18nKey) ?? data?.message ?? data?.code ?? 'Error';
}

/** The signed-in user (sets the CSRF token), or null. */
export async function currentUser() {
  const result = await api('GET', '/api/v1/App/user');
  if (!result.ok) return null;
  setCsrfToken(result.data.csrfToken);
  return result.data;
}

/** Small DOM helper: el('div', { class: 'x', text: 'hi' }, child, ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/**
 * The user name / password form of the CRM and portal sign-in pages (without its submit handler):
 * `{ form, userName, password, submit }`; `attributes` go on the form.
 */
export function passwordFormParts(attributes = {}) {
  const userName = el('input', {
    id: 'userName',
    name: 'userName',
    type: 'text',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const password = el('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = el('button', { type: 'submit', class: 'block', text: t('Login', 'labels', 'Sign in') });
  const form = el(
    'form',
    { novalidate: true, ...attributes },
    el('div', { class: 'field' }, el('label', { for: 'userName', text: t('Login', 'labels', 'User name') }), userName),
    el('div', { class: 'field' }, el('label', { for: 'password', text: t('Login', 'labels', 'Password') }), password),
    submit,
  );
  return { form, userName, password, submit };
}
