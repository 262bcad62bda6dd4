import { PORTAL_URL_ID_PATTERN } from '../../../sdk/entities/Portal.js';
import { PortalService, type PortalInput } from '../../portals/portal-service.js';
import type { BuiltinCommand, ParsedArgs } from '../command.js';
import { formatTable } from '../format.js';
import { usageError } from '../usage-error.js';

const FIELD_OPTIONS = {
  name: { type: 'string' },
  'url-id': { type: 'string' },
  active: { type: 'boolean' },
  inactive: { type: 'boolean' },
  provider: { type: 'string' },
  'no-provider': { type: 'boolean' },
} as const;

/** The portal fields given on the command line (only those given). */
function inputOf({ values }: ParsedArgs): PortalInput {
  const input: PortalInput = {};
  if (values.name !== undefined) input.name = values.name;
  if (values['url-id'] !== undefined) input.urlId = values['url-id'];
  if (values.active) input.isActive = true;
  if (values.inactive) input.isActive = false;
  if (values.provider !== undefined) input.authenticationProviderId = values.provider;
  if (values['no-provider']) input.authenticationProviderId = null;
  return input;
}

function checkFields(args: ParsedArgs): void {
  const { values } = args;
  if (values.active && values.inactive) throw usageError('use only one of --active, --inactive');
  if (values.provider !== undefined && values['no-provider'])
    throw usageError('use only one of --provider, --no-provider');
  if (typeof values['url-id'] === 'string' && !PORTAL_URL_ID_PATTERN.test(values['url-id'])) {
    throw usageError('--url-id: lower-case letters, digits and dashes, up to 64, not starting with a dash');
  }
}

const FIELDS_USAGE = [
  '  --name TEXT        display name',
  '  --url-id SLUG      the portal lives at <siteUrl>/portal/<SLUG>/',
  '  --active | --inactive',
  "  --provider ID      authentication provider id (see the extension's providers); --no-provider: password",
].join('\n');

export const portalCommands: BuiltinCommand[] = [
  {
    path: ['portal', 'list'],
    summary: 'List portals (URL id, name, active, provider, users)',
    usage: 'crm-host portal list [--json] [--root DIR]',
    options: { json: { type: 'boolean' } },
    positionals: [],
    async run({ values }, io, env) {
      return env.withHost(async (host) => {
        const list = await new PortalService(host.persistence).list();
        if (values.json) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('No portals.');
        else {
          const rows = list.map((p) => [
            p.urlId,
            p.isActive ? 'yes' : 'no',
            String(p.userCount),
            p.authenticationProviderId ?? '-',
            p.name,
          ]);
          for (const line of formatTable(['URL ID', 'ACTIVE', 'USERS', 'PROVIDER', 'NAME'], rows)) io.out(line);
        }
        return 0;
      });
    },
  },
  {
    path: ['portal', 'create'],
    summary: 'Create a portal',
    usage: [
      'crm-host portal create --name TEXT --url-id SLUG [--inactive] [--provider ID] [--root DIR]',
      '',
      FIELDS_USAGE,
    ].join('\n'),
    options: FIELD_OPTIONS,
    positionals: [],
    validate(args) {
      checkFields(args);
      if (typeof args.values.name !== 'string') throw usageError('--name is required');
      if (typeof args.values['url-id'] !== 'string') throw usageError('--url-id is required');
    },
    async run(args, io, env) {
      return env.withHost(async (host) => {
        const portal = await new PortalService(host.persistence).create(inputOf(args));
        io.out(`Created portal "${portal.urlId}" (${portal.id}) at ${portal.path}`);
        return 0;
      });
    },
  },
  {
    path: ['portal', 'update'],
    summary: 'Change a portal (by id or URL id)',
    usage: ['crm-host portal update <id|url-id> [field options] [--root DIR]', '', FIELDS_USAGE].join('\n'),
    options: FIELD_OPTIONS,
    positionals: ['portal'],
    validate(args) {
      checkFields(args);
      if (Object.keys(inputOf(args)).length === 0)
        throw usageError('nothing to change: give at least one field option');
    },
    async run(args, io, env) {
      return env.withHost(async (host) => {
        const portal = await new PortalService(host.persistence).update(args.positionals[0]!, inputOf(args));
        io.out(`Updated portal "${portal.urlId}".`);
        return 0;
      });
    },
  },
  {
    path: ['portal', 'delete'],
    summary: 'Delete a portal (its user links and sessions end; the users stay)',
    usage: 'crm-host portal delete <id|url-id> [--root DIR]',
    options: {},
    positionals: ['portal'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        await new PortalService(host.persistence).delete(positionals[0]!);
        io.out(`Deleted portal "${positionals[0]}".`);
        return 0;
      });
    },
  },
  {
    path: ['portal', 'add-user'],
    summary: 'Give a portal user access to a portal',
    usage: 'crm-host portal add-user <id|url-id> <user-name|user-id> [--root DIR]',
    options: {},
    positionals: ['portal', 'user'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        await new PortalService(host.persistence).addUser(positionals[0]!, positionals[1]!);
        io.out(`"${positionals[1]}" can now sign in to portal "${positionals[0]}".`);
        return 0;
      });
    },
  },
];
