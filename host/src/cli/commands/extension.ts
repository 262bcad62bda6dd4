import type { CliIo } from '../../../sdk/cli.js';
import { HostError } from '../../../sdk/errors.js';
import { InstallInterrupted } from '../../extensions/interrupt-guard.js';
import { ExtensionManager } from '../../extensions/manager.js';
import type { ProgressEvent } from '../../extensions/manager-deps.js';
import type { BuiltinCommand } from '../command.js';
import { formatTable } from '../format.js';

/** A running server keeps the extensions it booted with. */
const RESTART_HINT = 'A running crm-host server picks this up when restarted.';

/** The signal that stopped an install (null: an uncaught error of a script); undefined: not interrupted. */
function interruptingSignal(error: unknown): NodeJS.Signals | null | undefined {
  const interrupted =
    error instanceof InstallInterrupted
      ? error
      : HostError.is(error) && error.cause instanceof InstallInterrupted
        ? error.cause
        : undefined;
  return interrupted?.signal;
}

/** Prints install/uninstall progress one line per event. */
export function progressPrinter(io: CliIo): (event: ProgressEvent) => void {
  let step = 0;
  return (event) => {
    if (event.kind === 'step') io.out(`[${++step}] ${event.message}`);
    else if (event.kind === 'skip') io.out(`    - ${event.message}`);
    else if (event.kind === 'info') io.out(`    ${event.message}`);
    else if (event.kind === 'rollback') io.err(`    rollback: ${event.message}`);
    else if (event.kind === 'warning') io.err(`    warning: ${event.message}`);
    else io.out(event.message);
  };
}

export const extensionCommands: BuiltinCommand[] = [
  {
    path: ['extension', 'install'],
    summary: 'Install, upgrade or reinstall an extension from a .zip or a folder',
    usage: 'crm-host extension install <package.zip|folder> [--root DIR]',
    options: {},
    positionals: ['package'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const manager = new ExtensionManager(env.runtime.managerDeps(host));
        try {
          const result = await manager.install(positionals[0]!, progressPrinter(io), { handleSignals: true });
          if (result.migrations.length > 0) io.out(`Migrations applied: ${result.migrations.join(', ')}`);
        } catch (error) {
          const signal = interruptingSignal(error);
          if (signal === undefined) throw error;
          io.err(`crm-host: ${(error as Error).message}`);
          return signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1;
        }
        io.out(RESTART_HINT);
        return 0;
      });
    },
  },
  {
    path: ['extension', 'uninstall'],
    summary: 'Uninstall an extension (its database tables are kept)',
    usage: 'crm-host extension uninstall <name> [--root DIR]',
    options: {},
    positionals: ['name'],
    async run({ positionals }, io, env) {
      return env.withHost(async (host) => {
        const manager = new ExtensionManager(env.runtime.managerDeps(host));
        await manager.uninstall(positionals[0]!, progressPrinter(io));
        io.out(RESTART_HINT);
        return 0;
      });
    },
  },
  {
    path: ['extension', 'list'],
    summary: 'List installed extensions',
    usage: 'crm-host extension list [--json] [--root DIR]',
    options: { json: { type: 'boolean' } },
    positionals: [],
    async run({ values }, io, env) {
      return env.withHost(async (host) => {
        const list = await new ExtensionManager(env.runtime.managerDeps(host)).list();
        if (values.json) {
          io.out(JSON.stringify(list));
          return 0;
        }
        if (list.length === 0) {
          io.out('No extensions installed.');
          return 0;
        }
        const rows = list.map((e) => [
          e.name,
          e.version,
          String(e.order),
          e.installedAt ? e.installedAt.toISOString().slice(0, 19).replace('T', ' ') : '(not recorded)',
          e.folderPresent ? (e.description ?? '') : '(folder missing)',
        ]);
        for (const line of formatTable(['NAME', 'VERSION', 'ORDER', 'INSTALLED (UTC)', 'DESCRIPTION'], rows))
          io.out(line);
        return 0;
      });
    },
  },
];
