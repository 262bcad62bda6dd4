import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliCommand, CliIo } from '../../sdk/cli.js';
import { HostError } from '../../sdk/errors.js';
import { TYPES } from '../../sdk/tokens.js';
import type { BuiltinCommand, ParsedArgs } from './command.js';
import { configCommands } from './commands/config.js';
import { extensionCommands } from './commands/extension.js';
import { initCommands } from './commands/init.js';
import { migrateCommands } from './commands/migrate.js';
import { portalCommands } from './commands/portal.js';
import { secretsCommands } from './commands/secrets.js';
import { startCommands } from './commands/start.js';
import { teamCommands } from './commands/team.js';
import { userAdminCommands } from './commands/user-admin.js';
import { userCommands } from './commands/user.js';
import { createEnvironment, resolveRoot, type CliRuntime } from './environment.js';
import { isUsageError, usageError } from './usage-error.js';

export const BUILTIN_COMMANDS: readonly BuiltinCommand[] = [
  ...initCommands,
  ...startCommands,
  ...extensionCommands,
  ...configCommands,
  ...userCommands,
  ...userAdminCommands,
  ...teamCommands,
  ...portalCommands,
  ...migrateCommands,
  ...secretsCommands,
];

const COMMON = '  --root DIR   instance root (default: env CRM_HOST_ROOT, else ./instance)\n  -h, --help   show help';

function topHelp(): string {
  const width = Math.max(...BUILTIN_COMMANDS.map((c) => c.path.join(' ').length));
  return [
    'Usage: crm-host <command> [options]',
    '',
    'Commands:',
    ...BUILTIN_COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    `  ${'<group> <name>'.padEnd(width)}  a command added by an installed extension (crm-host <group> --help lists them)`,
    '',
    'Options:',
    COMMON,
    '',
    'Exit codes: 0 ok, 1 the operation failed, 2 bad arguments (nothing was changed).',
  ].join('\n');
}

function commandHelp(command: BuiltinCommand): string {
  return [`${command.summary}.`, '', `Usage: ${command.usage}`, '', 'Options:', COMMON].join('\n');
}

/** An option-looking argument: `--name`, `--name=value`, `-x` (letters); `-----BEGIN ...`, `-5` or `-` are values. */
const OPTION_LIKE = /^(--[A-Za-z][A-Za-z0-9-]*(=[\s\S]*)?|-[A-Za-z]+)$/;

/**
 * Arguments that start with `-` without looking like an option (a PEM block, a negative number) are values:
 * they are swapped for placeholders before `parseArgs` (which would call them unknown options) and put back
 * after. Everything after `--` is passed through unchanged.
 */
function protectDashValues(args: readonly string[]): { args: string[]; restore: (text: string) => string } {
  const kept = new Map<string, string>();
  const end = args.indexOf('--');
  const out = args.map((arg, i) => {
    if ((end >= 0 && i >= end) || !arg.startsWith('-') || arg === '--' || OPTION_LIKE.test(arg)) return arg;
    const placeholder = `\u0000value-${kept.size}\u0000`;
    kept.set(placeholder, arg);
    return placeholder;
  });
  return { args: out, restore: (text) => kept.get(text) ?? text };
}

function parseFor(command: BuiltinCommand, input: string[]): ParsedArgs & { help: boolean; root?: string } {
  const { args, restore } = protectDashValues(input);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...command.options, root: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
  const values = Object.fromEntries(
    Object.entries(parsed.values).map(([k, v]) => [k, typeof v === 'string' ? restore(v) : v]),
  ) as Record<string, string | boolean | undefined>;
  parsed = { ...parsed, positionals: parsed.positionals.map(restore) };
  const help = values.help === true;
  if (!help) {
    const required = command.positionals.filter((p) => !p.endsWith('?')).length;
    const name = command.path.join(' ');
    if (parsed.positionals.length < required) {
      throw usageError(`${name}: missing <${command.positionals[parsed.positionals.length]!.replace(/\?$/, '')}>`);
    }
    if (parsed.positionals.length > command.positionals.length) {
      throw usageError(
        `${name}: unexpected argument "${parsed.positionals[command.positionals.length]!.slice(0, 100)}"`,
      );
    }
  }
  if (values.root !== undefined && (typeof values.root !== 'string' || values.root.length === 0))
    throw usageError('--root needs a folder');
  return { values, positionals: parsed.positionals, help, root: values.root as string | undefined };
}

function findBuiltin(argv: readonly string[]): { command: BuiltinCommand; rest: string[] } | null {
  for (const command of BUILTIN_COMMANDS) {
    if (command.path.every((part, i) => argv[i] === part)) return { command, rest: argv.slice(command.path.length) };
  }
  return null;
}

const GROUPS = new Set(BUILTIN_COMMANDS.map((c) => c.path[0]!));

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly runtime: CliRuntime;
  readonly readStdin?: () => Promise<string>;
}

/** Runs `crm-host` with `argv` (without node and the script); returns the exit code. */
export async function runCli(input: readonly string[], io: CliIo, options: CliOptions): Promise<number> {
  const env = options.env ?? process.env;
  const readStdin = options.readStdin ?? (() => Promise.resolve(''));
  try {
    const argv = hoistRootOption(input);
    if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.out(topHelp());
      return 0;
    }
    const found = findBuiltin(argv);
    if (found) {
      const args = parseFor(found.command, found.rest);
      if (args.help) {
        io.out(commandHelp(found.command));
        return 0;
      }
      found.command.validate?.(args);
      const cli = createEnvironment(resolveRoot(args.root, env), env, options.runtime, readStdin);
      return await found.command.run(args, io, cli);
    }
    if (GROUPS.has(argv[0]!)) {
      const group = BUILTIN_COMMANDS.filter((c) => c.path[0] === argv[0]);
      const sub = argv[1]?.startsWith('--root') ? undefined : argv[1];
      const names = group.map((c) => c.path.slice(1).join(' '));
      if (sub === undefined)
        throw usageError(`missing command after "${argv[0]}" (${argv[0]} has: ${names.join(', ')})`);
      if (sub === '--help' || sub === '-h') {
        io.out(`Commands of ${argv[0]}:`);
        for (const c of group) io.out(`  crm-host ${c.path.join(' ').padEnd(24)} ${c.summary}`);
        return 0;
      }
      throw usageError(`unknown command "${argv.slice(0, 2).join(' ')}" (${argv[0]} has: ${names.join(', ')})`);
    }
    if (argv[0]!.startsWith('-')) throw usageError(`unknown option "${argv[0]!.slice(0, 50)}" (try crm-host --help)`);
    return await runExtensionCommand(argv, io, env, options, readStdin);
  } catch (error) {
    io.err(`crm-host: ${oneLine(error)}`);
    return isUsageError(error) ? 2 : 1;
  }
}

/** `crm-host <group> <name> ...`: a command an installed extension binds to TYPES.CliCommand. */
async function runExtensionCommand(
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
  options: CliOptions,
  readStdin: () => Promise<string>,
): Promise<number> {
  const [group, ...tail] = argv as [string, ...string[]];
  const { root, args } = takeRootOption(tail);
  const [name, ...rest] = args as [string | undefined, ...string[]];
  const cli = createEnvironment(resolveRoot(root, env), env, options.runtime, readStdin);
  // Only installed extensions add commands: without any, do not boot (nothing is created).
  const installed = await readdir(path.join(cli.root, 'extensions')).catch(() => [] as string[]);
  if (installed.filter((n) => !n.startsWith('.')).length === 0)
    throw usageError(
      `unknown command "${group}" (try crm-host --help; no extension is installed in ${cli.root}, ` +
        'and commands such as "oidc" come with their extension: crm-host extension install <package>)',
    );
  return cli.withHost(async (host) => {
    const commands = host.container.isBound(TYPES.CliCommand)
      ? host.container.getAll<CliCommand>(TYPES.CliCommand)
      : [];
    const inGroup = commands.filter((c) => c.group === group);
    if (inGroup.length === 0) throw usageError(`unknown command "${group}" (try crm-host --help)`);
    if (name === undefined || name === '--help' || name === '-h') {
      io.out(`Commands of ${group}:`);
      for (const c of inGroup) io.out(`  crm-host ${group} ${c.name}  ${c.summary}`);
      return name === undefined ? 2 : 0;
    }
    const command = inGroup.find((c) => c.name === name);
    if (!command)
      throw usageError(`unknown command "${group} ${name}" (${group} has: ${inGroup.map((c) => c.name).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.usage);
      return 0;
    }
    try {
      return await command.run(rest, io);
    } catch (error) {
      // The CliCommand contract: a HostError means bad arguments (exit 2).
      if (!HostError.is(error)) throw error;
      io.err(`crm-host: ${oneLine(error)}`);
      return 2;
    }
  });
}

/**
 * `--root DIR` or `--root=DIR` taken out of an extension command's arguments (anywhere before a `--`), as
 * the built-in commands' parser reads them; the rest is the command's own.
 */
export function takeRootOption(argv: readonly string[]): { root: string | undefined; args: string[] } {
  const args: string[] = [];
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (arg === '--root' || arg.startsWith('--root=')) {
      const value = arg === '--root' ? argv[++i] : arg.slice('--root='.length);
      if (value === undefined || value === '') throw usageError('--root needs a folder');
      root = value;
    } else args.push(arg);
  }
  return { root, args };
}

/** `crm-host --root DIR <command> ...` is the same as `crm-host <command> ... --root DIR`. */
function hoistRootOption(argv: readonly string[]): string[] {
  const rest = [...argv];
  const moved: string[] = [];
  while (rest[0] === '--root' || rest[0]?.startsWith('--root=')) {
    if (rest[0] === '--root') {
      if (rest.length < 2) throw usageError('--root needs a folder');
      moved.push(...rest.splice(0, 2));
    } else moved.push(...rest.splice(0, 1));
  }
  if (rest.length === 0) throw usageError('missing command (try crm-host --help)');
  // Before a `--`: after it, `--root DIR` would be read as two positional values.
  const end = rest.indexOf('--');
  return end < 0 ? [...rest, ...moved] : [...rest.slice(0, end), ...moved, ...rest.slice(end)];
}

function oneLine(error: unknown): string {
  const text = HostError.is(error) ? error.message : error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
