import type { BuiltinCommand } from '../command.js';

export const migrateCommands: BuiltinCommand[] = [
  {
    path: ['migrate'],
    summary: 'Apply pending database migrations of the host and the installed extensions',
    usage: 'crm-host migrate [--root DIR]',
    options: {},
    positionals: [],
    async run(_args, io, env) {
      return env.withHost(
        async (host) => {
          const applied = await env.runtime.migrate(host);
          if (applied.length === 0) io.out('Database is up to date.');
          for (const name of applied) io.out(`applied ${name}`);
          return 0;
        },
        { migrate: false },
      );
    },
  },
];
