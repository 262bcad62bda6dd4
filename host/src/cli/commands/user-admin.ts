import type { ServiceIdentifier } from 'inversify';
import type { Host } from '../../app/host.js';
import { UserAdminService } from '../../users/user-admin-service.js';
import type { UserAdminView } from '../../users/user-view.js';
import type { BuiltinCommand } from '../command.js';
import type { CliIo } from '../../../sdk/cli.js';
import { formatTable } from '../format.js';

function service(host: Host): UserAdminService {
  const c = host.container;
  return new UserAdminService({
    get: <T>(id: ServiceIdentifier<T>) => c.get<T>(id),
    getAll: <T>(id: ServiceIdentifier<T>) => c.getAll<T>(id, { optional: true }),
    isBound: (id: ServiceIdentifier) => c.isBound(id),
  });
}

const teamsText = (u: UserAdminView): string => u.teams.map((t) => `${t.name} (${t.source})`).join(', ') || '-';

function printUser(io: CliIo, u: UserAdminView): void {
  io.out(`${u.userName} (${u.id})`);
  io.out(`  name:    ${u.name ?? '-'}`);
  io.out(`  e-mail:  ${u.emailAddress ?? '-'}`);
  io.out(`  type:    ${u.type}`);
  io.out(`  active:  ${u.isActive ? 'yes' : 'no'}`);
  io.out(`  teams:   ${teamsText(u)}`);
  if (u.identityLinks.length === 0) io.out('  identity links: none');
  else {
    io.out('  identity links:');
    const rows = u.identityLinks.map((l) => [
      l.id,
      l.source,
      l.linkedAt.slice(0, 19).replace('T', ' '),
      l.lastLoginAt ? l.lastLoginAt.slice(0, 19).replace('T', ' ') : '-',
      `${l.issuer} ${l.subject}`,
    ]);
    for (const line of formatTable(
      ['LINK ID', 'SOURCE', 'LINKED AT (UTC)', 'LAST LOGIN (UTC)', 'ISSUER SUBJECT'],
      rows,
    ))
      io.out(`    ${line}`);
  }
}

const USER = '<user-name|id>';

export const userAdminCommands: BuiltinCommand[] = [
  {
    path: ['user', 'list'],
    summary: 'List users (type, active, teams with their source, identity links)',
    usage: 'crm-host user list [--search TEXT] [--json] [--root DIR]',
    options: { json: { type: 'boolean' }, search: { type: 'string' } },
    positionals: [],
    async run({ values }, io, env) {
      return env.withHost(async (host) => {
        const query = typeof values.search === 'string' ? values.search : undefined;
        const { list } = await service(host).list({ query });
        if (values.json) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('No users.');
        else {
          const rows = list.map((u) => [
            u.userName,
            u.type,
            u.isActive ? 'yes' : 'no',
            String(u.identityLinks.length),
            teamsText(u),
          ]);
          for (const line of formatTable(['USER NAME', 'TYPE', 'ACTIVE', 'LINKS', 'TEAMS (SOURCE)'], rows))
            io.out(line);
        }
        return 0;
      });
    },
  },
  {
    path: ['user', 'show'],
    summary: 'Show one user: teams with their source, identity links with their ids',
    usage: `crm-host user show ${USER} [--json] [--root DIR]`,
    options: { json: { type: 'boolean' } },
    positionals: ['user'],
    async run({ positionals, values }, io, env) {
      return env.withHost(async (host) => {
        const user = await service(host).get(positionals[0]!);
        if (values.json) io.out(JSON.stringify(user, null, 2));
        else printUser(io, user);
        return 0;
      });
    },
  },
  {
    path: ['user', 'activate'],
    summary: 'Activate a user',
    usage: `crm-host user activate ${USER} [--root DIR]`,
    options: {},
    positionals: ['user'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const user = await service(host).activate(positionals[0]!);
        io.out(`Activated "${user.userName}".`);
        return 0;
      });
    },
  },
  {
    path: ['user', 'deactivate'],
    summary: 'Deactivate a user and end their sessions (never the last active admin)',
    usage: `crm-host user deactivate ${USER} [--root DIR]`,
    options: {},
    positionals: ['user'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const { user, endedSessions } = await service(host).deactivate(positionals[0]!);
        io.out(`Deactivated "${user.userName}" (${endedSessions} session${endedSessions === 1 ? '' : 's'} ended).`);
        return 0;
      });
    },
  },
  {
    path: ['user', 'unlink'],
    summary: 'Remove an identity link of a user (link id from user show) and end its sessions',
    usage: [
      `crm-host user unlink ${USER} <link-id> [--root DIR]`,
      '',
      'The next sign-in of that identity is matched again like a first sign-in (user name, or e-mail when',
      'the extension links by e-mail).',
    ].join('\n'),
    options: {},
    positionals: ['user', 'link-id'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const { link, endedSessions } = await service(host).unlink(positionals[0]!, positionals[1]!);
        io.out(
          `Unlinked ${link.issuer} ${link.subject} from "${positionals[0]}" ` +
            `(${endedSessions} session${endedSessions === 1 ? '' : 's'} ended).`,
        );
        return 0;
      });
    },
  },
  {
    path: ['user', 'team-add'],
    summary: 'Add a user to a team (a manual membership)',
    usage: `crm-host user team-add ${USER} <team-name|id> [--root DIR]`,
    options: {},
    positionals: ['user', 'team'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const team = await service(host).addToTeam(positionals[0]!, positionals[1]!);
        io.out(`Added "${positionals[0]}" to team "${team.name}" (manual).`);
        return 0;
      });
    },
  },
  {
    path: ['user', 'team-remove'],
    summary: 'Remove a user from a team (any source)',
    usage: [
      `crm-host user team-remove ${USER} <team-name|id> [--root DIR]`,
      '',
      'A membership made by an identity provider mapping (source oidc) comes back at the next sign-in when',
      'the mapping still gives it and team sync is on.',
    ].join('\n'),
    options: {},
    positionals: ['user', 'team'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const team = await service(host).removeFromTeam(positionals[0]!, positionals[1]!);
        io.out(`Removed "${positionals[0]}" from team "${team.name}" (was ${team.source}).`);
        return 0;
      });
    },
  },
];
