import {
  HostError,
  TYPES,
  User,
  type CliCommand,
  type CliIo,
  type ConfigService,
  type I18nService,
  type Persistence,
  type SettingsChecker,
  type SiteUrl,
} from 'crm-host/sdk';
import { inject, injectable, optional } from 'inversify';
import { OIDC_ERRORS, type OidcErrorCode } from '../../errors.js';
import type { DraftOwner, TestLoginDrafting } from '../drafting.js';
import type { TestLoginDraftOptions } from '../draft-store.js';
import type { TestLoginDraftStore } from '../drafts.js';
import { TEST_LOGIN_START } from '../routes.js';
import { TEST_LOGIN_TYPES } from '../tokens.js';
import { parseTestLoginArgs, TestLoginUsageError, type TestLoginArgs } from './cli-args.js';
import { reportText, verdictLine } from './report-text.js';
import { waitForReport, type DraftState, type WaitOutcome } from './wait-for-report.js';

const USAGE = [
  'crm-host oidc test-login [--set key=value ...] [--as <admin user name>] [--wait SECONDS] [--json] [--root DIR]',
  '',
  'Dry-run sign-in with the saved OIDC settings (plus --set overrides, checked like a settings save): prints',
  'a URL to open in a browser, waits until the running CRM host has handled the sign-in, then prints what a',
  'real sign-in would do (claims, user name, created/linked/refused and why, teams, algorithm and key; never',
  'a token). Nothing is saved and no user, team or session changes. The host must be running (crm-host start).',
  '',
  '  --set key=value  a settings field for this test only (repeatable); value as in `crm-host config set`',
  '  --as NAME        the administrator doing the test: when the sign-in resolves to this admin (or the browser',
  '                   is signed in as them), it counts for the lockout guard like a test from the settings page',
  '  --wait SECONDS   how long to wait for the sign-in (default and maximum: the draft lifetime, 600)',
  '  --json           print { url, report } as JSON',
  '',
  'Exit codes: 0 a real sign-in would succeed; 1 it would be refused or failed (reason code printed), or no',
  'sign-in arrived in time, or Ctrl-C; 2 bad arguments or incomplete settings (per-field messages).',
].join('\n');

const POLL_MS = 1000;

/** The reason code printed when no report arrives. */
const OUTCOME_CODES = {
  timeout: 'ERR_OIDC_TEST_LOGIN_TIMEOUT',
  cancelled: 'ERR_OIDC_TEST_LOGIN_CANCELLED',
  gone: 'ERR_OIDC_STATE_EXPIRED',
} as const satisfies Record<Exclude<WaitOutcome['kind'], 'report'>, OidcErrorCode>;

/** `crm-host oidc test-login`: the settings page's test login from the command line (drafts in the database). */
@injectable()
export class TestLoginCommand implements CliCommand {
  readonly group = 'oidc';
  readonly name = 'test-login';
  readonly summary = 'Test the OIDC sign-in (dry run): prints a URL to open, then the report';
  readonly usage = USAGE;

  constructor(
    @inject(TEST_LOGIN_TYPES.Drafting) private readonly drafting: TestLoginDrafting,
    @inject(TEST_LOGIN_TYPES.DraftStore) private readonly drafts: TestLoginDraftStore,
    @inject(TEST_LOGIN_TYPES.DraftOptions) private readonly options: TestLoginDraftOptions,
    @inject(TYPES.Persistence) private readonly persistence: Persistence,
    @inject(TYPES.SiteUrl) private readonly siteUrl: SiteUrl,
    @inject(TYPES.Config) private readonly config: ConfigService,
    @inject(TYPES.I18n) private readonly i18n: I18nService,
    @inject(TYPES.SettingsChecker) @optional() private readonly checker: SettingsChecker | undefined,
  ) {}

  async run(argv: string[], io: CliIo): Promise<number> {
    let args: TestLoginArgs;
    let owner: DraftOwner;
    let draftId: string;
    try {
      args = parseTestLoginArgs(argv, this.checker, Math.floor(this.options.lifetimeMs / 1000));
      owner = await this.owner(args.as);
      draftId = (await this.drafting.create(args.patch, owner)).id;
    } catch (error) {
      // Bad arguments, invalid --set values, incomplete settings (OidcSettingsError, 503 with fields): exit 2.
      if (!HostError.is(error) || (error.status >= 500 && !error.fields)) throw error;
      return this.refuse(error, io);
    }
    const url = this.siteUrl.resolve(`${TEST_LOGIN_START}?draft=${draftId}`);
    this.announce(url, args, owner, io);
    const outcome = await this.wait(draftId, args.waitMs, io);
    return this.finish(outcome, url, draftId, args, io);
  }

  /** The `--as` admin: an active administrator, else a usage error. */
  private async owner(name: string | null): Promise<DraftOwner> {
    if (name === null) return { origin: 'cli', adminId: null, adminUserName: null };
    const user = await this.persistence.em().findOne(User, { userName: name });
    if (!user || !user.isActive || user.type !== 'admin')
      throw new TestLoginUsageError(`--as: no active administrator named "${name.slice(0, 100)}"`);
    return { origin: 'cli', adminId: user.id, adminUserName: user.userName };
  }

  private refuse(error: HostError, io: CliIo): number {
    const fields = Object.entries(error.fields ?? {});
    if (fields.length === 0) io.err(`crm-host: ${error.message}`);
    else {
      io.err(
        `crm-host: oidc test-login: ${error.code === 'ERR_OIDC_CLI_USAGE' ? error.message.replace(/^oidc test-login: /, '') : 'the settings to test are invalid'}`,
      );
      for (const [field, message] of fields) io.err(`  ${field}: ${message}`);
    }
    return 2;
  }

  private announce(url: string, args: TestLoginArgs, owner: DraftOwner, io: CliIo): void {
    const changed = Object.keys(args.patch);
    const say = args.json ? io.err.bind(io) : io.out.bind(io);
    say(
      `Test login with the saved settings${changed.length ? ` and ${changed.join(', ')} from --set` : ''}` +
        `${owner.adminUserName ? ` for administrator "${owner.adminUserName}"` : ''}.`,
    );
    if (!this.config.get('siteUrl'))
      io.err('warning: config siteUrl is not set; the URL below assumes ' + this.siteUrl.get());
    say(
      `Open this URL in a browser within ${Math.round(this.options.lifetimeMs / 60_000)} minutes (the CRM host must be running):`,
    );
    say(`  ${url}`);
  }

  private async wait(id: string, timeoutMs: number, io: CliIo): Promise<WaitOutcome> {
    const controller = new AbortController();
    const cancel = (): void => controller.abort();
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    io.err(`Waiting for the sign-in to finish (up to ${Math.round(timeoutMs / 1000)} s; Ctrl-C cancels)...`);
    try {
      return await waitForReport({
        poll: () => this.look(id),
        timeoutMs,
        intervalMs: POLL_MS,
        signal: controller.signal,
        onProgress: (ms) => io.err(`  ... still waiting (${Math.round(ms / 1000)} s)`),
      });
    } finally {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
    }
  }

  private async look(id: string): Promise<DraftState> {
    const draft = await this.drafts.get(id);
    if (!draft) return { state: 'gone' };
    return draft.report ? { state: 'done', report: draft.report } : { state: 'pending' };
  }

  private async finish(outcome: WaitOutcome, url: string, id: string, args: TestLoginArgs, io: CliIo): Promise<number> {
    if (outcome.kind !== 'report') {
      await this.drafts.remove(id);
      const code = OUTCOME_CODES[outcome.kind];
      const detail = outcome.kind === 'timeout' ? ` (${Math.round(args.waitMs / 1000)} s)` : '';
      io.err(`${code}: ${OIDC_ERRORS[code].message}${detail}; the URL no longer works.`);
      return 1;
    }
    const report = outcome.report;
    const label = (key: string): string => this.i18n.translate('OidcClient', 'testLogin', key, 'en_US');
    if (args.json) io.out(JSON.stringify({ url, report }, null, 2));
    else for (const line of reportText(report, label)) io.out(line);
    if (!report.ok) io.err(verdictLine(report, label));
    return report.ok ? 0 : 1;
  }
}
