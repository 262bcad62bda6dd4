import type { TeamDirectory } from '../../../sdk/teams.js';
import { TEAM_NAME_MAX_LENGTH } from '../../../sdk/teams.js';
import { TYPES } from '../../../sdk/tokens.js';
import type { Host } from '../../app/host.js';
import { teamError } from '../../teams/team-errors.js';
import type { BuiltinCommand } from '../command.js';
import { formatTable } from '../format.js';
import { usageError } from '../usage-error.js';

function directory(host: Host): TeamDirectory {
  return host.container.get<TeamDirectory>(TYPES.TeamDirectory);
}

/** A team by id, else by name (ignoring case when only one matches). */
async function resolve(host: Host, idOrName: string) {
  const teams = directory(host);
  const found = (await teams.findById(idOrName)) ?? (await teams.findByName(idOrName));
  if (!found) throw teamError('ERR_TEAM_NOT_FOUND', `No team "${idOrName.slice(0, 100)}" (crm-host team list)`, 404);
  return found;
}

function checkName(value: string | undefined, what: string): void {
  if (value === undefined || value.trim() === '') throw usageError(`${what}: give a team name`);
  if ([...value.trim()].length > TEAM_NAME_MAX_LENGTH)
    throw usageError(`${what}: at most ${TEAM_NAME_MAX_LENGTH} characters`);
}

export const teamCommands: BuiltinCommand[] = [
  {
    path: ['team', 'list'],
    summary: 'List teams (id, members, name)',
    usage: 'crm-host team list [--json] [--root DIR]',
    options: { json: { type: 'boolean' } },
    positionals: [],
    async run({ values }, io, env) {
      return env.withHost(async (host) => {
        const list = await directory(host).list();
        if (values.json) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('No teams.');
        else {
          const rows = list.map((t) => [t.id, String(t.memberCount), t.name]);
          for (const line of formatTable(['ID', 'MEMBERS', 'NAME'], rows)) io.out(line);
        }
        return 0;
      });
    },
  },
  {
    path: ['team', 'create'],
    summary: 'Create a team',
    usage: [
      'crm-host team create <name> [--root DIR]',
      '',
      `Names are trimmed, 1 to ${TEAM_NAME_MAX_LENGTH} characters, unique ignoring case.`,
    ].join('\n'),
    options: {},
    positionals: ['name'],
    validate({ positionals }) {
      checkName(positionals[0], 'team create');
    },
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const team = await directory(host).create(positionals[0]!);
        io.out(`Created team "${team.name}" (${team.id}).`);
        return 0;
      });
    },
  },
  {
    path: ['team', 'rename'],
    summary: 'Rename a team (by id or name); its id and memberships stay',
    usage: 'crm-host team rename <id|name> <new-name> [--root DIR]',
    options: {},
    positionals: ['team', 'new-name'],
    validate({ positionals }) {
      checkName(positionals[1], 'team rename');
    },
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const team = await resolve(host, positionals[0]!);
        const renamed = await directory(host).rename(team.id, positionals[1]!);
        io.out(`Renamed team "${team.name}" to "${renamed.name}" (${renamed.id}).`);
        return 0;
      });
    },
  },
  {
    path: ['team', 'delete'],
    summary: 'Delete a team and its memberships (--yes when it has members)',
    usage: [
      'crm-host team delete <id|name> [--yes] [--root DIR]',
      '',
      'A team with members is deleted only with --yes (its memberships are removed; the users stay).',
      'Without --yes the command names how many memberships it would remove and exits 2.',
    ].join('\n'),
    options: { yes: { type: 'boolean' } },
    positionals: ['team'],
    async run({ positionals, values }, io, env) {
      return env.withHost(async (host) => {
        const team = await resolve(host, positionals[0]!);
        if (team.memberCount > 0 && !values.yes) {
          const n = team.memberCount;
          throw usageError(
            `team "${team.name}" has ${n} membership${n === 1 ? '' : 's'}; deleting it removes ${n === 1 ? 'it' : 'them'}: ` +
              'run again with --yes',
          );
        }
        const { removedMemberships } = await directory(host).delete(team.id);
        io.out(
          `Deleted team "${team.name}" (${removedMemberships} membership${removedMemberships === 1 ? '' : 's'} removed).`,
        );
        return 0;
      });
    },
  },
];
