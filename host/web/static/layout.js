// The page frame of signed-in pages: header with navigation and sign-out.
import { api, currentUser, el, errorText, loadStrings, t, translateKey } from './api.js';

export async function signOut(button) {
  button.disabled = true;
  const result = await api('POST', '/api/v1/App/destroyAuthToken');
  const target = result.ok && typeof result.data?.redirectUrl === 'string' ? result.data.redirectUrl : '/';
  window.location.assign(/^(https?:\/\/|\/)/.test(target) ? target : '/');
}

/**
 * On admin pages: a banner when extensions were installed, upgraded or removed since this host process
 * started (by the admin UI of any process, or the CLI): the process runs the old code until restarted.
 */
async function restartBanner(main) {
  const status = await api('GET', '/api/v1/Extension/status');
  if (!status.ok || !status.data.restartRequired) return;
  main.before(
    el('p', {
      class: 'alert warn restart-banner',
      id: 'restart-banner',
      role: 'status',
      text: t('ExtensionAdmin', 'messages', 'restartBanner'),
    }),
  );
}

/**
 * Loads strings and the user; sends anonymous visitors to the login page. Returns { me, main } where
 * `main` is the element to render into, or null after redirecting.
 */
export async function startPage({ adminOnly = false, titleKey }) {
  await loadStrings();
  const title = t(...titleKey);
  const me = await currentUser();
  if (!me) {
    window.location.replace('/?error=ERR_AUTH_REQUIRED');
    return null;
  }
  const link = (href, label) =>
    el('a', { href, 'aria-current': window.location.pathname === href ? 'page' : null, text: label });
  const nav = el(
    'nav',
    { 'aria-label': t('Global', 'labels', 'Administration') },
    link('/home', t('Global', 'labels', 'Home')),
    me.user.isAdmin ? link('/admin/settings', t('Global', 'labels', 'Settings')) : null,
    me.user.isAdmin ? link('/admin/auth-log', t('Global', 'labels', 'Authentication log')) : null,
    me.user.isAdmin ? link('/admin/portals', t('Global', 'labels', 'Portals')) : null,
    me.user.isAdmin ? link('/admin/teams', t('Team', 'labels', 'Teams')) : null,
    me.user.isAdmin ? link('/admin/users', t('UserAdmin', 'labels', 'Users')) : null,
    me.user.isAdmin ? link('/admin/extensions', t('ExtensionAdmin', 'labels', 'Extensions')) : null,
  );
  if (me.user.isAdmin) {
    // Record pages declared by extensions (metadata adminRecords.<Name>), e.g. authentication providers.
    const metadata = await api('GET', '/api/v1/Metadata');
    for (const [name, decl] of Object.entries(metadata.ok ? (metadata.data.adminRecords ?? {}) : {})) {
      const label = translateKey(decl?.titleKey) ?? name;
      nav.append(link(`/admin/records/${encodeURIComponent(name)}`, label));
    }
  }
  const signOutButton = el('button', { type: 'button', class: 'secondary', text: t('Global', 'labels', 'Sign out') });
  signOutButton.addEventListener('click', () => signOut(signOutButton));
  const header = el(
    'header',
    { class: 'top' },
    el('span', { class: 'brand', text: 'CRM' }),
    nav,
    el('span', { class: 'who', text: me.user.name || me.user.userName }),
    signOutButton,
  );
  const main = el('main', { id: 'main' });
  document.body.replaceChildren(header, main);
  if (me.user.isAdmin) await restartBanner(main);
  document.title = `${title} · CRM`;
  if (adminOnly && !me.user.isAdmin) {
    main.append(
      el('p', { class: 'alert error', role: 'alert', text: errorText({ i18nKey: 'Global.messages.forbidden' }) }),
    );
    return null;
  }
  return { me, main };
}
