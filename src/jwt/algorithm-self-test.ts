import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm, KeyTypeSpec } from './algorithm.js';

/** JWK curve -> node:crypto key generation options. */
const CURVES: Readonly<Record<string, () => { publicKey: KeyObject; privateKey: KeyObject }>> = {
  'P-256': () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  'P-384': () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
  'P-521': () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
  secp256k1: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
  Ed25519: () => generateKeyPairSync('ed25519'),
  Ed448: () => generateKeyPairSync('ed448'),
};

function testKeyPair(spec: KeyTypeSpec): { publicKey: KeyObject; privateKey: KeyObject } | undefined {
  if (spec.kty === 'RSA') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (spec.kty === 'oct') {
    const secret = createSecretKey(randomBytes(32));
    return { publicKey: secret, privateKey: secret };
  }
  const make = spec.crv !== undefined && Object.hasOwn(CURVES, spec.crv) ? CURVES[spec.crv] : undefined;
  return make?.();
}

function verifies(algorithm: JwsAlgorithm, input: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    return algorithm.verify(input, signature, key) === true;
  } catch {
    return false;
  }
}

/** The outcome of {@link algorithmSelfTest}: `skipped` when node:crypto cannot make a key of its first type. */
export type SelfTestOutcome =
  | { readonly result: 'passed' }
  | { readonly result: 'failed'; readonly problem: string }
  | { readonly result: 'skipped'; readonly problem: string };

/** Like {@link algorithmSelfTestProblem}, saying also whether the test could run (`crm-host jwt algorithms`). */
export function algorithmSelfTest(algorithm: JwsAlgorithm): SelfTestOutcome {
  const spec = algorithm.keyTypes[0]!;
  if (testKeyPair(spec) === undefined) {
    return {
      result: 'skipped',
      problem: `no test key can be generated for ${spec.kty}${spec.crv ? `/${spec.crv}` : ''}`,
    };
  }
  const problem = algorithmSelfTestProblem(algorithm);
  return problem === undefined ? { result: 'passed' } : { result: 'failed', problem };
}

/**
 * Exercises a third-party algorithm once at load with a throw-away key of its first key type: it must
 * refuse garbage signatures and, when it can sign, accept its own signature and refuse it over other
 * input. Returns why it fails, or undefined. Curves node:crypto cannot generate are not exercised.
 */
export function algorithmSelfTestProblem(algorithm: JwsAlgorithm): string | undefined {
  const pair = testKeyPair(algorithm.keyTypes[0]!);
  if (pair === undefined) return undefined;
  const input = Buffer.from(`self-test.${randomBytes(16).toString('base64url')}`);
  for (const length of [0, 32, 64, 256]) {
    if (verifies(algorithm, input, randomBytes(length), pair.publicKey)) {
      return `verify accepts an invalid ${length}-byte signature`;
    }
  }
  if (algorithm.sign === undefined) return undefined;
  let signature: Buffer;
  try {
    signature = algorithm.sign(input, pair.privateKey);
  } catch (error) {
    return `sign threw with a generated ${algorithm.keyTypes[0]!.kty} key: ${(error as Error).message}`;
  }
  if (!verifies(algorithm, input, signature, pair.publicKey)) return 'verify refuses a signature made by sign';
  if (verifies(algorithm, Buffer.concat([input, Buffer.from('x')]), signature, pair.publicKey)) {
    return 'verify accepts a signature over other input';
  }
  return undefined;
}
