// Admin: recent sign-in attempts with reason codes, newest first. Failures are aggregated by the server:
// one row per address, reason and window, with the number of attempts and the first and last time.
import { api, el, errorText, methodLabel, t } from './api.js';
import { startPage } from './layout.js';

const PAGE_SIZE = 50;

async function render(main, offset) {
  const result = await api('GET', `/api/v1/AuthLogRecord?offset=${offset}&maxSize=${PAGE_SIZE}`);
  const body = el('div', { id: 'log' });
  if (!result.ok) {
    body.append(el('p', { class: 'alert error', role: 'alert', text: errorText(result.data) }));
    main.querySelector('#log').replaceWith(body);
    return;
  }
  const { total, list, failureWindowSeconds } = result.data;
  const head = ['Time', 'Last attempt', 'Attempts', 'User name', 'Method', 'Result', 'Reason', 'IP address'].map((h) =>
    el('th', { scope: 'col', text: t('Global', 'labels', h) }),
  );
  const rows = list.map((r) =>
    el(
      'tr',
      {},
      el('td', {}, el('time', { datetime: r.createdAt, text: new Date(r.createdAt).toLocaleString() })),
      el(
        'td',
        {},
        r.lastSeenAt && r.lastSeenAt !== r.createdAt
          ? el('time', { datetime: r.lastSeenAt, text: new Date(r.lastSeenAt).toLocaleString() })
          : '',
      ),
      el('td', { class: 'attempts', text: String(r.attemptCount ?? 1) }),
      el('td', { text: r.userName ?? '' }),
      el('td', { 'data-method': r.method, text: methodLabel(r.method) }),
      el('td', { class: `result-${r.result}`, text: t('Global', 'labels', r.result) }),
      el(
        'td',
        {},
        el('code', { text: r.reasonCode ?? '' }),
        r.detail ? el('div', { class: 'hint', text: r.detail }) : '',
      ),
      el('td', { text: r.ipAddress ?? (r.aggregated ? t('Global', 'labels', 'any address') : '') }),
    ),
  );
  const minutes = Math.max(1, Math.round((failureWindowSeconds ?? 300) / 60));
  const prev = el('button', {
    type: 'button',
    class: 'secondary',
    text: t('Global', 'labels', 'Previous'),
    disabled: offset === 0,
  });
  const next = el('button', {
    type: 'button',
    class: 'secondary',
    text: t('Global', 'labels', 'Next'),
    disabled: offset + PAGE_SIZE >= total,
  });
  prev.addEventListener('click', () => render(main, Math.max(0, offset - PAGE_SIZE)));
  next.addEventListener('click', () => render(main, offset + PAGE_SIZE));
  body.append(
    el('p', {
      class: 'hint',
      text: t(
        'Global',
        'labels',
        'Failed attempts of one address and reason are counted in one row per {minutes}-minute window.',
        { minutes },
      ),
    }),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows))),
    el(
      'div',
      { class: 'actions' },
      prev,
      next,
      el('span', {
        text: t('Global', 'labels', 'Page', {
          from: total ? offset + 1 : 0,
          to: Math.min(offset + PAGE_SIZE, total),
          total,
        }),
      }),
    ),
  );
  main.querySelector('#log').replaceWith(body);
}

async function main() {
  const page = await startPage({ adminOnly: true, titleKey: ['Global', 'labels', 'Authentication log'] });
  if (!page) return;
  page.main.append(el('h1', { text: t('Global', 'labels', 'Authentication log') }), el('div', { id: 'log' }));
  await render(page.main, 0);
}

main();
