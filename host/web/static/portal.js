// A portal's page (`/portal/<urlId>/`): the portal's sign-in (password, or the button of its identity
// provider) and, once signed in, who is signed in with a sign-out button. All API calls are relative to
// the portal's path, where its own session cookie lives.
import { api, el, errorText, loadStrings, passwordFormParts, setCsrfToken, t, translateKey } from './api.js';

function message(code, data) {
  return (
    translateKey(`Portal.messages.${code}`) ?? translateKey(`Login.messages.${code}`) ?? errorText(data ?? { code })
  );
}

function passwordForm(showError, onSignedIn) {
  const { form, userName, password, submit } = passwordFormParts({ id: 'portal-password' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!userName.value.trim() || !password.value) return showError(message('ERR_LOGIN_BAD_REQUEST'));
    submit.disabled = true;
    const result = await api('POST', 'api/v1/App/login', { userName: userName.value.trim(), password: password.value });
    submit.disabled = false;
    password.value = '';
    if (result.ok) return onSignedIn();
    showError(message(result.data?.code, result.data));
  });
  return form;
}

async function signedIn(card, data) {
  const user = await api('GET', 'api/v1/App/user');
  if (!user.ok) return false;
  setCsrfToken(user.data.csrfToken);
  const out = el('button', { type: 'button', id: 'portal-sign-out', text: t('Portal', 'labels', 'Sign out') });
  out.addEventListener('click', async () => {
    const result = await api('POST', 'api/v1/App/destroyAuthToken');
    if (result.ok && result.data?.redirectUrl && /^https?:\/\//.test(result.data.redirectUrl)) {
      window.location.assign(result.data.redirectUrl);
    } else window.location.reload();
  });
  card.append(
    el('p', {
      id: 'portal-user',
      text: t('Portal', 'labels', 'Signed in as', { name: user.data.user.name ?? user.data.user.userName }),
    }),
    out,
  );
  document.title = data.portal.name;
  return true;
}

async function main() {
  await loadStrings();
  const root = document.getElementById('main');
  const alert = el('div', { class: 'alert error hidden', role: 'alert' });
  const showError = (text) => {
    alert.textContent = text;
    alert.classList.remove('hidden');
  };
  const result = await api('GET', 'api/v1/App/loginData');
  const card = el(
    'div',
    { class: 'card login' },
    el('h1', { text: result.ok ? result.data.portal.name : t('Portal', 'labels', 'Portal') }),
    alert,
  );
  root.replaceChildren(card);
  if (!result.ok) return showError(message(result.data?.code, result.data));
  const data = result.data;
  document.title = `${t('Login', 'labels', 'Sign in')} · ${data.portal.name}`;
  if (data.signedIn && (await signedIn(card, data))) return;
  const error = new URLSearchParams(window.location.search).get('error');
  if (error && /^[A-Z0-9_]{1,64}$/.test(error)) showError(message(error));
  if (data.unavailable) return showError(message(data.unavailable));
  if (data.startUrl && data.startUrl.startsWith('/portal/')) {
    const label = data.buttonLabel || t('Login', 'labels', 'Sign in with', { name: data.method });
    card.append(el('a', { class: 'button block', href: data.startUrl, id: 'sso-start', text: label }));
  } else if (data.method === 'Password') {
    card.append(passwordForm(showError, () => window.location.reload()));
  }
}

main();
