import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../../../sdk/cli.js';
import { User } from '../../../sdk/entities/User.js';
import { HostError } from '../../../sdk/errors.js';
import type { Host } from '../../app/host.js';
import { INSTANCE_CONFIG_FILE, writeInstanceConfig } from '../../app/instance-config.js';
import { defaultDatabaseUrl, describeDatabaseUrl, parseDatabaseUrl } from '../../db/database-url.js';
import { ExtensionManager } from '../../extensions/manager.js';
import { hashPassword } from '../../sessions/password.js';
import type { BuiltinCommand } from '../command.js';
import { setConfigValue } from '../config-writer.js';
import { usageError } from '../usage-error.js';
import { progressPrinter } from './extension.js';
import { idpRegistrationUris } from './idp-uris.js';
import { repoRoot } from './start.js';
import { generatePassword, MIN_PASSWORD_LENGTH } from './user.js';
import { HOST_KEY_ENV, keyFilePath } from '../../secrets/keyring.js';

const USER_NAME = /^[^\s]{1,255}$/;
/** The folders and files init creates; an instance that has any of them is not initialized again. */
const INSTANCE_ENTRIES = [INSTANCE_CONFIG_FILE, 'data', 'extensions', 'custom'] as const;

function initError(code: string, message: string): HostError {
  return new HostError(code, message, { status: 409, i18nKey: 'Cli.messages.initRefused' });
}

/** The packaged extension of this repository (`npm run package` writes it). */
async function defaultPackage(): Promise<string> {
  const text = await readFile(path.join(repoRoot, 'extension.json'), 'utf8').catch(() => null);
  const version = text === null ? '0.0.0' : (JSON.parse(text) as { version: string }).version;
  return path.join(repoRoot, 'build', `oidc-auth-${version}.zip`);
}

/** What in `root` shows that an instance lives there already (empty folders do not count). */
async function existingInstance(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of INSTANCE_ENTRIES) {
    const full = path.join(root, name);
    const info = await stat(full).catch(() => null);
    if (!info) continue;
    if (!info.isDirectory() || (await readdir(full)).length > 0) found.push(name);
  }
  return found;
}

function checkSiteUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--site-url must be an absolute http(s) URL, not "${text.slice(0, 100)}"`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username)
    throw usageError('--site-url must be an http(s) URL without query, fragment or credentials');
  return text.replace(/\/+$/, '');
}

async function createAdmin(host: Host, userName: string, password: string): Promise<void> {
  await host.persistence.transactional(async (em) => {
    em.persist(
      em.create(User, {
        userName,
        type: 'admin',
        name: 'Administrator',
        passwordHash: await hashPassword(password),
      } as never),
    );
  });
}

function printNextSteps(io: CliIo, root: string, siteUrl: string | null, listening: string): void {
  const url = siteUrl ?? listening;
  io.out('');
  io.out('Next steps:');
  io.out(`  1. Start the server:  crm-host start --root ${JSON.stringify(root)}`);
  io.out(`     (it listens on ${listening}; --port N or env PORT, and --host H, change that)`);
  io.out(`  2. Open ${url} and sign in with the admin user above.`);
  io.out('  3. Register this CRM as a client at your identity provider, with these URIs:');
  for (const { label, uri } of idpRegistrationUris(url)) io.out(`       ${`${label}:`.padEnd(32)} ${uri}`);
  io.out(`  4. Enter the issuer, client ID and secret in Administration > Settings (${url}/admin/settings),`);
  io.out('     "Import from issuer", "Test login", then set the authentication method to OpenID Connect.');
}

export const initCommands: BuiltinCommand[] = [
  {
    path: ['init'],
    summary: 'Create an instance: folders, database, the packaged extension, the first admin; prints the next steps',
    usage: [
      'crm-host init [--root DIR] [--database URL] [--site-url URL] [--extension PATH]',
      '              [--admin-user NAME] [--admin-password-stdin]',
      '',
      '  --database URL   mysql://user:pass@host:3306/db (also mariadb://), or libsql:<file>; default: env',
      '                   DATABASE_URL, else <root>/data/crm.db. Recorded in <root>/instance.json (mode 0600).',
      '  --site-url URL   the public address users open (config siteUrl), e.g. https://crm.example.com',
      '  --extension PATH the extension package to install (default: build/oidc-auth-<version>.zip of this',
      '                   repository, written by npm run package)',
      '  --admin-user NAME       the admin user name (default admin)',
      `  --admin-password-stdin  read the admin password from stdin (at least ${MIN_PASSWORD_LENGTH} characters);`,
      '                          otherwise a random one is printed once',
      '',
      'Refuses (exit 1, nothing changed) when the folder already holds an instance.',
    ].join('\n'),
    options: {
      database: { type: 'string' },
      'site-url': { type: 'string' },
      extension: { type: 'string' },
      'admin-user': { type: 'string' },
      'admin-password-stdin': { type: 'boolean' },
    },
    positionals: [],
    validate({ values }) {
      if (typeof values.database === 'string') {
        try {
          parseDatabaseUrl(values.database, '/');
        } catch (error) {
          throw usageError(`--database: ${(error as Error).message}`);
        }
      }
      if (typeof values['site-url'] === 'string') checkSiteUrl(values['site-url']);
      if (values.extension === '') throw usageError('--extension needs a package path');
      const user = values['admin-user'];
      if (typeof user === 'string' && !USER_NAME.test(user))
        throw usageError('--admin-user must be 1 to 255 characters without spaces');
    },
    async run({ values }, io, env) {
      const root = env.root;
      const found = await existingInstance(root);
      if (found.length > 0) {
        throw initError(
          'ERR_INSTANCE_EXISTS',
          `${root} already holds an instance (${found.join(', ')}); init changed nothing. ` +
            `Start it with: crm-host start --root ${JSON.stringify(root)}`,
        );
      }
      const pkg = path.resolve(typeof values.extension === 'string' ? values.extension : await defaultPackage());
      if (!(await stat(pkg).catch(() => null))) {
        throw initError(
          'ERR_INIT_PACKAGE_NOT_FOUND',
          `no extension package at ${pkg}: run "npm run package" first, or pass --extension PATH`,
        );
      }
      let password: string;
      let generated = false;
      if (values['admin-password-stdin']) {
        password = (await env.readStdin()).replace(/\r?\n$/, '');
        if (password.length < MIN_PASSWORD_LENGTH)
          throw usageError(`the password on stdin must have at least ${MIN_PASSWORD_LENGTH} characters`);
      } else {
        password = generatePassword();
        generated = true;
      }
      const database = (values.database as string | undefined) ?? (env.env.DATABASE_URL || undefined);
      const siteUrl = typeof values['site-url'] === 'string' ? checkSiteUrl(values['site-url']) : null;
      const userName = (values['admin-user'] as string | undefined) ?? 'admin';
      const rootExisted = (await stat(root).catch(() => null)) !== null;

      await mkdir(root, { recursive: true });
      try {
        if (database) await writeInstanceConfig(root, { databaseUrl: database });
        const installed = await env.withHost(
          async (host) => {
            if ((await host.persistence.em().count(User, {})) > 0) {
              throw initError(
                'ERR_INSTANCE_EXISTS',
                `the database ${describeDatabaseUrl(database ?? '')} already has users: it belongs to another ` +
                  'instance (choose another database)',
              );
            }
            if (siteUrl) await setConfigValue(host, 'siteUrl', siteUrl);
            const manager = new ExtensionManager(env.runtime.managerDeps(host));
            const result = await manager.install(pkg, progressPrinter(io), { handleSignals: true });
            await createAdmin(host, userName, password);
            return result;
          },
          { databaseUrl: database },
        );
        io.out('');
        io.out(`Instance created in ${root}`);
        io.out(
          `  database:  ${
            database
              ? `${describeDatabaseUrl(database)} (recorded in ${path.join(root, INSTANCE_CONFIG_FILE)})`
              : describeDatabaseUrl(defaultDatabaseUrl(path.join(root, 'data')))
          }`,
        );
        io.out(`  extension: ${installed.name} ${installed.version}`);
        io.out(
          `  host key:  ${
            env.env[HOST_KEY_ENV]?.trim()
              ? `from ${HOST_KEY_ENV}`
              : `${keyFilePath(root, env.env)} (seals the secrets in the database: back it up apart from it)`
          }`,
        );
        io.out(`  site URL:  ${siteUrl ?? '(not set: the listening address is used)'}`);
        io.out(`Admin user: ${userName}`);
        if (generated) io.out(`Admin password (shown once): ${password}`);
        else io.out('Admin password: the one read from stdin');
        printNextSteps(io, root, siteUrl, `http://127.0.0.1:${env.env.PORT || 8080}`);
        return 0;
      } catch (error) {
        // Nothing half-made stays behind: init can simply be run again.
        for (const name of INSTANCE_ENTRIES) await rm(path.join(root, name), { recursive: true, force: true });
        if (!rootExisted) await rm(root, { recursive: true, force: true });
        if (database && parseDatabaseUrl(database, root).platform === 'mysql')
          io.err(`crm-host: note: tables created in ${describeDatabaseUrl(database)} were kept`);
        throw error;
      }
    },
  },
];
