import { HostError, type CliCommand, type CliIo } from 'crm-host/sdk';
import { inject, injectable } from 'inversify';
import { parseArgs } from 'node:util';
import type { AlgorithmRegistry, RegisteredAlgorithm } from '../algorithm-registry.js';
import { algorithmSelfTest, type SelfTestOutcome } from '../algorithm-self-test.js';
import { JWT_TYPES } from '../tokens.js';

const USAGE = [
  'crm-host jwt algorithms [--json] [--root DIR]',
  '',
  'Lists every registered JWS algorithm (the allowed values of oidcJwtSignatureAlgorithmList and',
  'oidcClientAssertionAlgorithm): name, source (built-in, extension, custom), where it comes from (the',
  'implementation or the file under custom/jwt/algorithms/), key types, the hash used for at_hash, and the',
  'result of the self-test (a throw-away key; garbage signatures refused, own signatures accepted). Files',
  'in custom/jwt/algorithms/ that were refused are listed after, with the reason.',
  '',
  '  --json  print { algorithms: [...], refused: [...] } as JSON',
  '',
  'Exit codes: 0 every algorithm passed or skipped its self-test and no file was refused; 1 otherwise;',
  '2 bad arguments.',
].join('\n');

export interface AlgorithmRow {
  readonly alg: string;
  readonly source: RegisteredAlgorithm['origin'];
  readonly from: string;
  readonly keyTypes: readonly string[];
  readonly hash: string | null;
  readonly selfTest: SelfTestOutcome;
}

function keyTypeNames(entry: RegisteredAlgorithm): string[] {
  return entry.algorithm.keyTypes.map((t) => (t.crv ? `${t.kty}/${t.crv}` : t.kty));
}

/** The rows of `crm-host jwt algorithms` (self-tests run now, one throw-away key each). */
export function algorithmRows(registry: AlgorithmRegistry): AlgorithmRow[] {
  return registry.describe().map((entry) => ({
    alg: entry.alg,
    source: entry.origin,
    from: entry.from,
    keyTypes: keyTypeNames(entry),
    hash: typeof entry.algorithm.hash === 'string' ? entry.algorithm.hash : null,
    selfTest: algorithmSelfTest(entry.algorithm),
  }));
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function selfTestText(outcome: SelfTestOutcome): string {
  return outcome.result === 'passed' ? 'passed' : `${outcome.result}: ${outcome.problem}`;
}

/** `crm-host jwt algorithms`: the algorithm registry as the running host sees it. */
@injectable()
export class JwtAlgorithmsCommand implements CliCommand {
  readonly group = 'jwt';
  readonly name = 'algorithms';
  readonly summary = 'List the registered JWT algorithms (source, key types, hash, self-test)';
  readonly usage = USAGE;

  constructor(@inject(JWT_TYPES.AlgorithmRegistry) private readonly registry: AlgorithmRegistry) {}

  async run(args: string[], io: CliIo): Promise<number> {
    let json: boolean;
    try {
      json = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true }).values.json === true;
    } catch (error) {
      // The extension's one usage-error code for CLI commands (as `oidc discover` and `oidc test-login`).
      throw new HostError('ERR_OIDC_CLI_USAGE', `jwt algorithms: ${(error as Error).message.split('\n')[0]}`, {
        status: 400,
        i18nKey: 'OidcClient.messages.cliUsage',
      });
    }
    const rows = algorithmRows(this.registry);
    const refused = this.registry.refused();
    const ok = refused.length === 0 && rows.every((r) => r.selfTest.result !== 'failed');
    if (json) {
      io.out(JSON.stringify({ algorithms: rows, refused }, null, 2));
      return ok ? 0 : 1;
    }
    const header = ['alg', 'source', 'key types', 'hash', 'self-test', 'from'];
    const body = rows.map((r) => [
      r.alg,
      r.source,
      r.keyTypes.join(', '),
      r.hash ?? '-',
      selfTestText(r.selfTest),
      r.from,
    ]);
    for (const line of table([header, ...body])) io.out(line);
    for (const r of refused) io.out(`refused: ${r.file}: ${r.reason}`);
    return ok ? 0 : 1;
  }
}
