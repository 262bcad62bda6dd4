// Home after sign-in: who you are and your teams.
import { el, methodLabel, t } from './api.js';
import { startPage } from './layout.js';

async function main() {
  const page = await startPage({ titleKey: ['Global', 'labels', 'Home'] });
  if (!page) return;
  const { me, main } = page;
  const teams = me.teams.length
    ? el(
        'ul',
        { class: 'teams', id: 'teams' },
        me.teams.map((team) => el('li', { text: team.name })),
      )
    : el('p', { id: 'teams', text: t('Global', 'labels', 'No teams') });
  main.append(
    el('h1', { text: t('Global', 'labels', 'Signed in as', { name: me.user.name || me.user.userName }) }),
    el(
      'section',
      { class: 'card' },
      el(
        'dl',
        { class: 'facts' },
        el('dt', { text: t('Global', 'labels', 'User name') }),
        el('dd', { id: 'user-name', text: me.user.userName }),
        el('dt', { text: t('Global', 'labels', 'Method') }),
        el('dd', { id: 'method', 'data-method': me.method ?? '', text: me.methodLabel ?? methodLabel(me.method) }),
      ),
      el('h2', { text: t('Global', 'labels', 'Teams') }),
      teams,
    ),
  );
}

main();
