import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../../sdk/cli.js';
import type { LogLevel } from '../../../sdk/logger.js';
import { User } from '../../../sdk/entities/User.js';
import { HostError } from '../../../sdk/errors.js';
import type { Host } from '../../app/host.js';
import { DEMO_PASSWORD, DEMO_USERS, DEMO_CLIENT_ID } from '../../demo/demo-data.js';
import { configureDemo, newDemoClientSecret } from '../../demo/demo-setup.js';
import { startDevIdp, type DevIdp } from '../../demo/dev-idp.js';
import { ExtensionManager } from '../../extensions/manager.js';
import { withHttp } from '../../http/core-module.js';
import { parseTrustedProxies } from '../../http/trusted-proxies.js';
import { isLogLevel } from '../../logging/logger.js';
import { hashPassword } from '../../sessions/password.js';
import type { BuiltinCommand } from '../command.js';
import type { CliEnvironment } from '../environment.js';
import { usageError } from '../usage-error.js';
import { progressPrinter } from './extension.js';
import { generatePassword } from './user.js';

/** The repository root when the host runs from its tsc output (host/dist/src/cli/commands/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const DEMO_EXTENSION = 'oidc-auth';
const DEFAULT_PORT = 8080;

/** The dev IdP's port: --idp-port, else the host's port + 1. */
function parseIdpPort(text: string | undefined, hostPort: number): number {
  if (text === undefined) return hostPort === 0 || hostPort === 65535 ? 0 : hostPort + 1;
  return parsePort(text);
}

function parsePort(text: string | undefined, what = '--port'): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw usageError(`${what} must be an integer from 0 to 65535, not "${text.slice(0, 20)}"`);
  return Number(text);
}

/** `--port`, else env PORT, else 8080. */
function portOf(option: string | undefined, env: Record<string, string | undefined>): number {
  if (option !== undefined) return parsePort(option);
  const fromEnv = env['PORT'];
  return fromEnv === undefined || fromEnv === '' ? DEFAULT_PORT : parsePort(fromEnv, 'env PORT');
}

/** Packages the repository's extension when build/ is stale, then installs it; returns false if already installed. */
async function ensureDemoExtension(host: Host, io: CliIo, env: CliEnvironment): Promise<boolean> {
  const manager = new ExtensionManager(env.runtime.managerDeps(host));
  if ((await manager.list()).some((e) => e.name === DEMO_EXTENSION)) return false;
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'extension.json'), 'utf8')) as { version: string };
  io.out(`demo: ${DEMO_EXTENSION} is not installed; packaging it (if build/ is stale) and installing`);
  const packaged = spawnSync(process.execPath, [path.join(repoRoot, 'dist/scripts/package.js'), '--if-stale'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  for (const line of `${packaged.stdout ?? ''}${packaged.stderr ?? ''}`.split('\n').filter(Boolean)) io.out(line);
  if (packaged.status !== 0) {
    throw new HostError(
      'ERR_DEMO_PACKAGE_FAILED',
      `could not package ${DEMO_EXTENSION} (exit ${packaged.status}); run npm run package`,
      { status: 500, i18nKey: 'Cli.messages.demoPackageFailed' },
    );
  }
  await manager.install(
    path.join(repoRoot, 'build', `${DEMO_EXTENSION}-${manifest.version}.zip`),
    progressPrinter(io),
    {
      handleSignals: true,
    },
  );
  return true;
}

/** Creates `admin` with a random password unless an admin exists; returns the credentials to print. */
async function ensureDemoAdmin(host: Host): Promise<{ userName: string; password: string | null }> {
  return host.persistence.transactional(async (em) => {
    const existing = await em.findOne(User, { type: 'admin', isActive: true }, { orderBy: { createdAt: 'asc' } });
    if (existing) return { userName: existing.userName, password: null };
    const password = generatePassword();
    em.persist(
      em.create(User, {
        userName: 'admin',
        type: 'admin',
        name: 'Administrator',
        passwordHash: await hashPassword(password),
      } as never),
    );
    return { userName: 'admin', password };
  });
}

/** `--log-level`, else env `CRM_LOG_LEVEL`, else `info`; anything else is a usage error (exit 2). */
function logLevelOf(option: string | undefined, env: Record<string, string | undefined>): LogLevel {
  const value = option ?? env['CRM_LOG_LEVEL'] ?? 'info';
  if (!isLogLevel(value)) {
    const from = option === undefined ? 'CRM_LOG_LEVEL' : '--log-level';
    throw usageError(`${from} must be debug, info, warn or error, not "${value.slice(0, 20)}"`);
  }
  return value;
}

/** `--trust-proxy`, else env `CRM_TRUSTED_PROXIES`; a bad entry is a usage error (exit 2). */
function trustedProxiesOf(option: string | undefined, env: Record<string, string | undefined>): string[] {
  try {
    return parseTrustedProxies(option ?? env['CRM_TRUSTED_PROXIES']);
  } catch (error) {
    throw usageError(`--trust-proxy: ${(error as Error).message}`);
  }
}

export const startCommands: BuiltinCommand[] = [
  {
    path: ['start'],
    summary: 'Start the HTTP server (--demo: install oidc-auth and an admin first)',
    usage: [
      'crm-host start [--port N] [--host H] [--trust-proxy LIST] [--log-level L] [--demo] [--root DIR]',
      '',
      `  --port N   port to listen on (default: env PORT, else ${DEFAULT_PORT}; 0 picks a free one)`,
      '  --host H   address to bind (default 127.0.0.1; 0.0.0.0 or :: for every interface)',
      '',
      'The public URL (links, redirect URIs, cookies) is env CRM_SITE_URL, else config siteUrl',
      '(crm-host init --site-url, crm-host config set siteUrl), else the listening address.',
      'The database is env DATABASE_URL, else the one recorded in <root>/instance.json by crm-host init,',
      'else <root>/data/crm.db.',
      '',
      '  --trust-proxy LIST  reverse proxies / load balancers whose X-Forwarded-For is believed: IP addresses,',
      '             CIDR ranges or "loopback", comma-separated (default: env CRM_TRUSTED_PROXIES, else none)',
      '  --log-level L  debug, info, warn or error (default: env CRM_LOG_LEVEL, else info); debug adds the',
      '             claims of each OIDC sign-in, masked per oidcLogMaskedClaims',
      `  --demo     install ${DEMO_EXTENSION} from this repository when missing (packaging it if build/ is`,
      '             stale) and make sure an admin user exists; starts the bundled development identity',
      '             provider with demo users and points the OIDC settings at it; prints the URL and the credentials',
      '  --idp-port N  port of the demo identity provider (default: --port + 1)',
    ].join('\n'),
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'trust-proxy': { type: 'string' },
      'log-level': { type: 'string' },
      demo: { type: 'boolean' },
      'idp-port': { type: 'string' },
    },
    positionals: [],
    validate({ values }) {
      if (values.port !== undefined) parsePort(values.port as string);
      if (values['idp-port'] !== undefined) parsePort(values['idp-port'] as string);
      if (values.host !== undefined && !/^[A-Za-z0-9.:[\]-]{1,255}$/.test(values.host as string))
        throw usageError('--host must be a host name or an IP address');
      trustedProxiesOf(values['trust-proxy'] as string | undefined, {});
      if (values['log-level'] !== undefined) logLevelOf(values['log-level'] as string, {});
    },
    async run({ values }, io, env) {
      const port = portOf(values.port as string | undefined, env.env);
      const hostname = (values.host as string | undefined) ?? '127.0.0.1';
      const trustedProxies = trustedProxiesOf(values['trust-proxy'] as string | undefined, env.env);
      const logLevel = logLevelOf(values['log-level'] as string | undefined, env.env);
      let credentials: { userName: string; password: string | null } | null = null;
      const siteUrl = env.env.CRM_SITE_URL || undefined;
      const listening =
        port === 0 ? undefined : `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
      if (values.demo) {
        credentials = await env.withHost(async (host) => {
          await ensureDemoExtension(host, io, env);
          return ensureDemoAdmin(host);
        });
      }
      const host = await env.runtime.bootHost(
        withHttp({ root: env.root, siteUrl, defaultSiteUrl: listening, logLevel }),
      );
      let server;
      let idp: DevIdp | null = null;
      try {
        server = await env.runtime.startHttpServer(host, { port, hostname, trustedProxies });
        if (values.demo) {
          // The dev IdP needs the callback URL, known once the server listens (also with --port 0).
          const clientSecret = newDemoClientSecret();
          idp = await startDevIdp({
            users: DEMO_USERS,
            clientId: DEMO_CLIENT_ID,
            clientSecret,
            redirectUris: [`${server.url}/oauth-callback`],
            postLogoutRedirectUris: [server.url, `${server.url}/`],
            port: parseIdpPort(values['idp-port'] as string | undefined, port),
          });
          await configureDemo(host, idp, server.url, clientSecret);
        }
      } catch (error) {
        await server?.close();
        await host.close();
        await idp?.stop();
        throw error;
      }
      io.out(`crm-host listening on ${server.url}`);
      io.out(`instance: ${env.root}`);
      const configured = host.config.get<string>('siteUrl');
      if (siteUrl) io.out(`site URL: ${siteUrl} (env CRM_SITE_URL)`);
      else if (typeof configured === 'string' && configured !== '') io.out(`site URL: ${configured} (config siteUrl)`);
      if (trustedProxies.length > 0) io.out(`trusted proxies: ${trustedProxies.join(', ')}`);
      if (credentials) {
        io.out(
          credentials.password
            ? `admin login: ${credentials.userName} / ${credentials.password} (shown once)`
            : `admin login: ${credentials.userName} (existing password)`,
        );
      }
      if (idp) {
        io.out(`demo identity provider: ${idp.issuer} (development only)`);
        io.out(`demo users: ${DEMO_USERS.map((u) => `${u.login} (${u.groups.join(', ')})`).join('; ')}`);
        io.out(`demo sign-in: open ${server.url}, click "Sign in with Demo IdP", log in as alice / ${DEMO_PASSWORD}`);
      }
      const signal = await env.runtime.waitForShutdown();
      io.out(`${signal}: stopping`);
      await server.close();
      await host.close();
      await idp?.stop();
      return 0;
    },
  },
];
