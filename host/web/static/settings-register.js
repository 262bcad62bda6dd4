// The "Register at your identity provider" panel of a settings method: every address the IdP needs
// (redirect URIs in both forms, post-logout redirect, back-channel logout, login start), each with a copy
// button. The list comes from the server (one source for the form, the API and `crm-host oidc uris`).
import { api, el, errorText, lookup } from './api.js';

const text = (key, fallback) => lookup('OidcClient', 'registration', key) ?? fallback;

/** Copies `value`: the Clipboard API where the page may use it, else a selected temporary text area. */
async function copyText(value) {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = el('textarea', { class: 'visually-hidden', readonly: true });
    area.value = value;
    document.body.append(area);
    area.select();
    const ok = document.execCommand?.('copy') === true;
    area.remove();
    return ok;
  }
}

function row(uri, namePrefix) {
  const id = `register-${namePrefix}${uri.key}`;
  const status = el('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const value = el('code', { class: 'uri', id: `${id}-value`, text: uri.uri });
  const tags = [
    uri.primary ? null : text('alternative', 'alternative form'),
    uri.required ? null : text('optional', 'optional'),
  ].filter(Boolean);
  const label = text(uri.key, uri.label);
  const button = el('button', {
    type: 'button',
    class: 'secondary copy',
    'data-copy': uri.key,
    'aria-label': `${text('copy', 'Copy')}: ${label}`,
    'aria-describedby': `${id}-value`,
    text: text('copy', 'Copy'),
  });
  button.addEventListener('click', async () => {
    const ok = await copyText(uri.uri);
    status.textContent = ok ? text('copied', 'Copied') : text('copyFailed', 'Select and copy it by hand');
    status.className = `copy-status ${ok ? 'ok' : 'warn'}`;
    setTimeout(() => {
      status.textContent = '';
    }, 4000);
  });
  const hint = lookup('OidcClient', 'registration', `${uri.key}Hint`);
  return el(
    'li',
    { id, 'data-uri-key': uri.key, 'data-kind': uri.kind, 'data-primary': uri.primary ? 'true' : 'false' },
    el(
      'div',
      { class: 'register-head' },
      el('span', { class: 'register-label', text: label }),
      tags.length ? el('span', { class: 'hint', text: `(${tags.join(', ')})` }) : null,
      el('span', { class: 'hint register-field', text: uri.registrationField }),
    ),
    el('div', { class: 'register-value' }, value, button, status),
    hint ? el('div', { class: 'hint', text: hint }) : null,
  );
}

/** `registrationUris`: a panel filled from GET `action.url` (no button to press). */
export function renderRegistrationPanel(action) {
  const titleId = `action-${action.name}-title`;
  const list = el('ul', { class: 'register-list' });
  const status = el('p', { class: 'hint', text: '…' });
  const panel = el(
    'section',
    { class: 'register-panel', id: `action-${action.name}`, 'data-action': action.name, 'aria-labelledby': titleId },
    el('h3', { id: titleId, text: text('title', 'Register at your identity provider') }),
    el('p', { class: 'hint', text: text('intro', '') }),
    status,
    list,
  );
  api('GET', action.url).then((response) => {
    if (!response.ok) {
      status.className = 'alert error';
      status.textContent = errorText(response.data);
      return;
    }
    status.remove();
    list.replaceChildren(...(response.data?.crm ?? []).map((uri) => row(uri, '')));
  });
  return panel;
}
