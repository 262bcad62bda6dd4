// The demo's people, groups and teams: data only, shared by the dev IdP and the demo setup.

export interface DemoUser {
  /** Login name at the dev IdP (also its `sub` and `preferred_username`). */
  readonly login: string;
  readonly password: string;
  readonly name: string;
  readonly email: string;
  readonly groups: readonly string[];
}

/** Every demo user signs in at the dev IdP with this password. Development only. */
export const DEMO_PASSWORD = 'demo';

export const DEMO_USERS: readonly DemoUser[] = [
  { login: 'alice', password: DEMO_PASSWORD, name: 'Alice Archer', email: 'alice@demo.test', groups: ['crm-sales'] },
  { login: 'bob', password: DEMO_PASSWORD, name: 'Bob Baker', email: 'bob@demo.test', groups: ['crm-support'] },
  {
    login: 'carol',
    password: DEMO_PASSWORD,
    name: 'Carol Cooper',
    email: 'carol@demo.test',
    groups: ['crm-sales', 'crm-managers'],
  },
];

/** CRM teams the demo creates, and the group -> team rules it configures. */
export const DEMO_TEAMS: readonly string[] = ['Sales', 'Support', 'Managers'];

export const DEMO_TEAM_MAPPING: readonly { group: string; team: string; pattern?: boolean }[] = [
  { group: 'crm-sales', team: 'Sales' },
  { group: 'crm-support', team: 'Support' },
  { group: 'crm-managers', team: 'Managers' },
];

export const DEMO_CLIENT_ID = 'crm-demo';
