// The login page: the active method's "Sign in with ..." button and/or the password form.
// `?error=<code>` (set by the login flow and by signed-out pages) shows a friendly error panel: the
// message for the reason code, the code itself for the administrator, and the sign-in options again.
import { api, el, errorText, loadStrings, passwordFormParts, setCsrfToken, t, translateKey } from './api.js';
import { isReasonCode, NOTICE_CODES, reasonKeys } from './error-codes.js';

function loginError(code) {
  if (!isReasonCode(code)) return t('Login', 'messages', 'unknownError', { code: '?' });
  for (const key of reasonKeys(code)) {
    const text = translateKey(key);
    if (text) return text;
  }
  return t('Login', 'messages', 'unknownError', { code });
}

/** The error panel of `/?error=<code>`: heading, message, reason code, what to do. */
function errorPanel(code) {
  const notice = NOTICE_CODES.has(code);
  const panel = el(
    'div',
    { class: notice ? 'alert notice' : 'alert error', role: 'alert', id: 'login-error', 'data-reason': code },
    el('p', { class: 'message', text: loginError(code) }),
  );
  if (!notice && isReasonCode(code)) {
    panel.append(
      el('p', { class: 'hint', text: t('Login', 'labels', 'Contact your administrator') }),
      el('p', { class: 'reason' }, `${t('Login', 'labels', 'Reason code')}: `, el('code', { text: code })),
    );
  }
  return panel;
}

function passwordForm(showError) {
  const { form, userName, password, submit } = passwordFormParts();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!userName.value.trim() || !password.value) {
      showError(loginError('ERR_LOGIN_BAD_REQUEST'));
      (userName.value.trim() ? password : userName).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('Login', 'labels', 'Signing in');
    const result = await api('POST', '/api/v1/App/login', {
      userName: userName.value.trim(),
      password: password.value,
    });
    if (result.ok) {
      setCsrfToken(result.data.csrfToken);
      window.location.assign('/home');
      return;
    }
    submit.disabled = false;
    submit.textContent = t('Login', 'labels', 'Sign in');
    password.value = '';
    showError(result.data?.code ? loginError(result.data.code) : errorText(result.data));
    password.focus();
  });
  return form;
}

/** On a host that signs in with passwords only (a fresh instance): how the admin gets in and where OIDC is set up. */
function setupHint() {
  return el(
    'details',
    { class: 'setup-hint', id: 'setup-hint' },
    el('summary', { text: t('Login', 'labels', 'Setup hint title') }),
    el('p', { text: t('Login', 'labels', 'Setup hint') }),
  );
}

async function main() {
  await loadStrings();
  const result = await api('GET', '/api/v1/App/loginData');
  const root = document.getElementById('main');
  const alert = el('div', { class: 'alert error hidden', role: 'alert' });
  const showError = (text) => {
    alert.textContent = text;
    alert.classList.remove('hidden');
  };
  const card = el('div', { class: 'card login' }, el('h1', { text: t('Login', 'labels', 'Sign in') }), alert);
  root.replaceChildren(card);
  if (!result.ok) {
    showError(errorText(result.data));
    return;
  }
  const data = result.data;
  if (data.signedIn) {
    window.location.replace('/home');
    return;
  }
  const error = new URLSearchParams(window.location.search).get('error');
  if (error) {
    card.insertBefore(errorPanel(error), alert);
    if (!NOTICE_CODES.has(error)) card.querySelector('h1').textContent = t('Login', 'labels', 'Sign-in failed');
  }

  if (data.startUrl && /^(\/|https?:\/\/)/.test(data.startUrl)) {
    const label = data.buttonLabel || t('Login', 'labels', 'Sign in with', { name: data.method });
    const sso = el('a', { class: 'button block', href: data.startUrl, id: 'sso-start', text: label });
    if (error && !NOTICE_CODES.has(error)) {
      card.append(el('p', { class: 'retry', text: t('Login', 'labels', 'Try again') }));
    }
    card.append(sso);
    if (data.fallback) card.append(el('p', { class: 'or', text: t('Login', 'labels', 'or') }));
  }
  if (data.fallback || data.method === 'Password' || !data.startUrl) card.append(passwordForm(showError));
  if (data.method === 'Password' && !data.startUrl && !error) card.append(setupHint());
  document.title = `${t('Login', 'labels', 'Sign in')} · CRM`;
}

main();
