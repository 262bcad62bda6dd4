import { HostError, type CliCommand, type CliIo } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { parseArgs } from 'node:util';
import type { DiscoveryReport } from './discovery-report.js';
import { DISCOVERY_SERVICE, type DiscoveryService } from './discovery-service.js';
import { OidcClientError } from './errors.js';

const USAGE = [
  'crm-host oidc discover [--issuer URL] [--allow-http] [--save] [--json]',
  '',
  'Reads <issuer>/.well-known/openid-configuration, checks that its issuer equals the given one exactly,',
  'and prints the settings it would fill, what changes, and warnings. Without --issuer the saved',
  'oidcIssuer is used. --save writes the suggested values (checked like a settings save); --json prints',
  'the report as JSON. --allow-http reads a plain-http issuer on a non-loopback host without saving',
  'oidcAllowHttp first (development only; --save then saves oidcAllowHttp = true as well).',
].join('\n');

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** `crm-host oidc discover`: the admin discovery action on the command line. */
@injectable()
export class DiscoverCommand implements CliCommand {
  readonly group = 'oidc';
  readonly name = 'discover';
  readonly summary = 'Read the identity provider discovery document and show (or --save) the endpoints';
  readonly usage = USAGE;

  constructor(@inject(DISCOVERY_SERVICE) private readonly service: DiscoveryService) {}

  async run(args: string[], io: CliIo): Promise<number> {
    let values: { issuer?: string; save?: boolean; json?: boolean; 'allow-http'?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          issuer: { type: 'string' },
          save: { type: 'boolean' },
          json: { type: 'boolean' },
          'allow-http': { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new HostError('ERR_OIDC_CLI_USAGE', `oidc discover: ${(error as Error).message.split('\n')[0]}`, {
        status: 400,
        i18nKey: 'OidcClient.messages.cliUsage',
      });
    }
    const issuer = this.service.issuerFor(values.issuer);
    let report: DiscoveryReport;
    try {
      report = await this.service.report(issuer, values['allow-http'] ? { oidcAllowHttp: true } : {});
      if (values['allow-http']) report = { ...report, values: { ...report.values, oidcAllowHttp: true } };
    } catch (error) {
      if (!OidcClientError.isOidcClientError(error)) throw error;
      io.err(`${error.code}: ${error.message}`);
      return 1;
    }
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else printReport(report, io);
    if (!values.save) {
      if (!values.json) io.out('Nothing saved (add --save to write these values).');
      return 0;
    }
    try {
      await this.service.save(report);
    } catch (error) {
      if (!HostError.is(error)) throw error;
      io.err(`${error.code}: ${error.message}`);
      for (const [field, text] of Object.entries(error.fields ?? {})) io.err(`  ${field}: ${text}`);
      return 1;
    }
    io.out(`Saved ${Object.keys(report.values).length} settings.`);
    return 0;
  }
}

function printReport(report: DiscoveryReport, io: CliIo): void {
  io.out(`Issuer ${report.issuer}: discovery document OK (issuer matches exactly).`);
  io.out('Settings:');
  const changed = new Set(report.changes.map((c) => c.setting));
  for (const [setting, value] of Object.entries(report.values)) {
    io.out(`  ${setting} = ${show(value)}${changed.has(setting) ? '  (changed)' : ''}`);
  }
  const m = report.metadata;
  io.out('Identity provider:');
  io.out(`  end_session_endpoint: ${m.endSessionEndpoint ?? '(none)'}`);
  io.out(`  RFC 9207 iss parameter: ${m.authorizationResponseIssParameterSupported ? 'yes' : 'no'}`);
  io.out(`  back-channel logout: ${m.backchannelLogoutSupported ? 'yes' : 'no'}`);
  io.out(`  ID token algorithms: ${m.idTokenSigningAlgValuesSupported.join(', ') || '(not advertised)'}`);
  io.out(`  token endpoint auth methods: ${m.tokenEndpointAuthMethodsSupported.join(', ')}`);
  if (report.warnings.length === 0) io.out('No warnings.');
  else {
    io.out('Warnings:');
    for (const w of report.warnings) io.out(`  ${w.code}${w.setting ? ` (${w.setting})` : ''}: ${w.message}`);
  }
}
