import type { MetadataService } from 'crm-host/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AlgorithmRegistry,
  JwksSourcePool,
  JwtVerifierFactory,
  builtInImplementations,
  type JwsAlgorithm,
  type VerifierSettings,
} from '../../../../src/jwt/index.js';
import { NodeHttpClient, type HttpClient } from '../../../../src/net/index.js';
import { ManualClock, RecordingLogger, instancePaths, metadataWith } from './fakes.js';
import { CLIENT_ID, ISSUER } from './tokens.js';

export interface Harness {
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly registry: AlgorithmRegistry;
  readonly pool: JwksSourcePool;
  readonly factory: JwtVerifierFactory;
  readonly root: string;
  algorithm(alg: string): JwsAlgorithm;
  settings(extra: Partial<VerifierSettings>): VerifierSettings;
  dispose(): void;
}

/** The JWT domain wired by hand with fakes (no host boot). */
export function harness(
  options: { metadata?: MetadataService; http?: HttpClient; root?: string; clock?: ManualClock } = {},
): Harness {
  const clock = options.clock ?? new ManualClock();
  const logger = new RecordingLogger();
  const root = options.root ?? mkdtempSync(path.join(tmpdir(), 'oidc-jwt-'));
  const registry = new AlgorithmRegistry(
    options.metadata ?? metadataWith(),
    builtInImplementations(),
    logger,
    instancePaths(root),
  );
  const pool = new JwksSourcePool(options.http ?? new NodeHttpClient(), clock, logger);
  const factory = new JwtVerifierFactory(registry, pool, clock);
  return {
    clock,
    logger,
    registry,
    pool,
    factory,
    root,
    algorithm(alg) {
      const a = registry.get(alg);
      if (a === undefined) throw new Error(`test setup: ${alg} not registered`);
      return a;
    },
    settings(extra) {
      return { issuer: ISSUER, clientId: CLIENT_ID, algorithms: ['RS256'], ...extra };
    },
    dispose() {
      if (options.root === undefined) rmSync(root, { recursive: true, force: true });
    },
  };
}
