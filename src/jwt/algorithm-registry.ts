import { TYPES, type InstancePaths, type Logger, type MetadataService } from 'crm-host/sdk';
import { inject, injectable, multiInject } from 'inversify';
import type { JwsAlgorithm, JwsAlgorithmImplementation, JwtAlgorithmMetadata } from './algorithm.js';
import { algorithmContractProblem, isNoneAlg, isSymmetric } from './algorithm-contract.js';
import { builtInImplementations } from './algorithms/index.js';
import { customAlgorithmDir, loadCustomAlgorithms, type RefusedCustomAlgorithm } from './custom-algorithm-loader.js';
import { JWT_TYPES } from './tokens.js';

export type AlgorithmOrigin = 'built-in' | 'extension' | 'custom';

/** Implementation names this extension ships (anything else multi-bound comes from another extension). */
const OWN_IMPLEMENTATIONS: ReadonlySet<string> = new Set(builtInImplementations().map((i) => i.name));

export interface RegisteredAlgorithm {
  readonly alg: string;
  readonly algorithm: JwsAlgorithm;
  /**
   * `built-in` (metadata + an implementation this extension ships), `extension` (metadata + an
   * implementation another extension multi-binds under `JWT_TYPES.AlgorithmImplementation`) or `custom`
   * (a class file under custom/jwt/algorithms).
   */
  readonly origin: AlgorithmOrigin;
  /** The implementation name (built-in) or the file (custom). */
  readonly from: string;
}

/**
 * Every JWS algorithm the verifiers may use. Built-ins come from metadata `app.jwtAlgorithms`
 * (`alg -> { implementation, ...params }`) resolved against the multi-bound implementations; third-party
 * classes come from `<custom>/jwt/algorithms/*.js` through {@link loadCustom}. `none` is never registered.
 */
@injectable()
export class AlgorithmRegistry {
  private readonly entries = new Map<string, RegisteredAlgorithm>();
  private refusedFiles: readonly RefusedCustomAlgorithm[] = [];
  private readonly logger: Logger;

  constructor(
    @inject(TYPES.Metadata) private readonly metadata: MetadataService,
    @multiInject(JWT_TYPES.AlgorithmImplementation) implementations: JwsAlgorithmImplementation[],
    @inject(TYPES.Logger) logger: Logger,
    @inject(TYPES.InstancePaths) private readonly paths: InstancePaths,
  ) {
    this.logger = logger.child('jwt.algorithms');
    this.registerBuiltIns(implementations);
  }

  /** Registered names, sorted (the options of the allowed-algorithms setting). */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  get(alg: string): JwsAlgorithm | undefined {
    return this.entries.get(alg)?.algorithm;
  }

  /**
   * Whether `alg` is verified with the client secret: a registered symmetric algorithm (custom ones
   * included), or an unregistered `HS<n>` name (the verifier factory then refuses it as unregistered).
   */
  isSymmetricName(alg: string): boolean {
    const algorithm = this.get(alg);
    return algorithm === undefined ? /^HS\d+$/.test(alg) : isSymmetric(algorithm);
  }

  describe(): RegisteredAlgorithm[] {
    return this.names().map((n) => this.entries.get(n)!);
  }

  /** The custom/ files the last {@link loadCustom} refused, with the reason (for `crm-host jwt algorithms`). */
  refused(): readonly RefusedCustomAlgorithm[] {
    return this.refusedFiles;
  }

  /**
   * Scans `<custom>/jwt/algorithms` and registers each valid class. A refused file is logged with its
   * name and the reason; nothing else is affected. Returns what was loaded and refused.
   */
  async loadCustom(): Promise<{ loaded: string[]; refused: { file: string; reason: string }[] }> {
    const { loaded, refused } = await loadCustomAlgorithms(customAlgorithmDir(this.paths.custom));
    const accepted: string[] = [];
    const seen = new Set<string>();
    for (const { file, algorithm } of loaded) {
      const reason = this.customRefusal(algorithm.alg, seen);
      if (reason !== undefined) {
        refused.push({ file, reason });
        continue;
      }
      seen.add(algorithm.alg);
      this.entries.set(algorithm.alg, { alg: algorithm.alg, algorithm, origin: 'custom', from: file });
      accepted.push(algorithm.alg);
      this.logger.info(`custom JWT algorithm ${algorithm.alg} loaded from ${file}`, { alg: algorithm.alg, file });
    }
    for (const r of refused) {
      this.logger.error(`custom JWT algorithm refused: ${r.file}: ${r.reason}`, { file: r.file, reason: r.reason });
    }
    this.warnOrphanEntries();
    this.refusedFiles = [...refused];
    return { loaded: accepted, refused };
  }

  /** A metadata entry without implementation expects a custom class; say so when none provided it. */
  private warnOrphanEntries(): void {
    const all = this.metadata.get<Record<string, JwtAlgorithmMetadata>>(['app', 'jwtAlgorithms'], {}) ?? {};
    for (const [alg, meta] of Object.entries(all)) {
      if (this.entries.has(alg) || meta?.enabled === false || meta?.implementation !== undefined) continue;
      this.logger.warn(`JWT algorithm ${alg} is in metadata but no class in custom/jwt/algorithms provides it`, {
        alg,
      });
    }
  }

  private customRefusal(alg: string, seen: ReadonlySet<string>): string | undefined {
    if (seen.has(alg)) return `alg ${alg} is already provided by another custom file`;
    const meta = this.entryMetadata(alg);
    if (meta?.enabled === false) return `alg ${alg} is disabled in metadata app.jwtAlgorithms`;
    const existing = this.entries.get(alg);
    if (existing !== undefined && existing.origin !== 'custom' && meta?.override !== true) {
      return `alg ${alg} is built in; set "override": true in custom/metadata/app/jwtAlgorithms.json to replace it`;
    }
    return undefined;
  }

  private entryMetadata(alg: string): JwtAlgorithmMetadata | undefined {
    const all = this.metadata.get<Record<string, JwtAlgorithmMetadata>>(['app', 'jwtAlgorithms'], {}) ?? {};
    return Object.hasOwn(all, alg) ? all[alg] : undefined;
  }

  private registerBuiltIns(implementations: readonly JwsAlgorithmImplementation[]): void {
    const byName = new Map(implementations.map((i) => [i.name, i]));
    const all = this.metadata.get<Record<string, JwtAlgorithmMetadata>>(['app', 'jwtAlgorithms'], {}) ?? {};
    for (const [alg, meta] of Object.entries(all)) {
      if (typeof meta !== 'object' || meta === null || meta.enabled === false) continue;
      if (meta.implementation === undefined) continue; // provided by a custom/ class, if any
      const result = this.createBuiltIn(alg, meta, byName);
      if (typeof result === 'string') {
        this.logger.error(`JWT algorithm ${alg} refused: ${result}`, { alg, reason: result });
        continue;
      }
      const from = String(meta.implementation);
      const origin = OWN_IMPLEMENTATIONS.has(from) ? 'built-in' : 'extension';
      this.entries.set(alg, { alg, algorithm: result, origin, from });
    }
  }

  /** The algorithm, or why it cannot be registered. */
  private createBuiltIn(
    alg: string,
    meta: JwtAlgorithmMetadata,
    byName: ReadonlyMap<string, JwsAlgorithmImplementation>,
  ): JwsAlgorithm | string {
    if (isNoneAlg(alg)) return 'alg "none" can never be registered';
    const implementation = typeof meta.implementation === 'string' ? byName.get(meta.implementation) : undefined;
    if (implementation === undefined) return `unknown implementation "${String(meta.implementation)}"`;
    let algorithm: JwsAlgorithm;
    try {
      algorithm = implementation.create(alg, meta);
    } catch (error) {
      return (error as Error).message;
    }
    const problem = algorithmContractProblem(algorithm);
    if (problem !== undefined) return problem;
    return algorithm.alg === alg ? algorithm : `implementation created alg ${algorithm.alg} instead of ${alg}`;
  }
}
