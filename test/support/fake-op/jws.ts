import { constants, createHmac, createPrivateKey, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CompactSign, type JWK } from 'jose';

export type SigningKeyMaterial = KeyObject | Buffer;
export type DsaEncoding = 'ieee-p1363' | 'der';

type RawSigner = (input: Buffer, key: SigningKeyMaterial, dsaEncoding: DsaEncoding) => Buffer;

const asKey = (key: SigningKeyMaterial): KeyObject => {
  if (Buffer.isBuffer(key)) throw new Error('an asymmetric algorithm needs a KeyObject');
  return key;
};
const asSecret = (key: SigningKeyMaterial): Buffer => (Buffer.isBuffer(key) ? key : key.export());

/** node:crypto signers by JWS alg (data, not a switch). `none` yields an empty signature. */
export const RAW_SIGNERS: Record<string, RawSigner> = {
  RS256: (input, key) => sign('sha256', input, asKey(key)),
  PS256: (input, key) =>
    sign('sha256', input, { key: asKey(key), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  ES256: (input, key, dsaEncoding) => sign('sha256', input, { key: asKey(key), dsaEncoding }),
  EdDSA: (input, key) => sign(null, input, asKey(key)),
  Ed25519: (input, key) => sign(null, input, asKey(key)),
  HS256: (input, key) => createHmac('sha256', asSecret(key)).update(input).digest(),
  none: () => Buffer.alloc(0),
};

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** Everything needed to produce one compact JWS, with room for every kind of malformation. */
export interface JwsPlan {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Algorithm used to compute the signature (may differ from header.alg for substitution attacks). */
  signAlg: string;
  key: SigningKeyMaterial | null;
  /** Force node:crypto crafting (set by any defect jose would refuse to produce). */
  raw?: boolean;
  dsaEncoding?: DsaEncoding;
  /** Rewrites the serialized payload JSON (e.g. to add a duplicate member). */
  payloadJson?: (json: string) => string;
  /** Post-processes the compact serialization (segment surgery). */
  finalize?: (compact: string) => string;
}

/** Crafts a compact JWS with node:crypto only (no validation of the header: that is the point). */
export function craftJws(plan: JwsPlan): string {
  const headerB64 = b64url(JSON.stringify(plan.header));
  const json = plan.payloadJson ? plan.payloadJson(JSON.stringify(plan.payload)) : JSON.stringify(plan.payload);
  const payloadB64 = b64url(json);
  const signingInput = Buffer.from(`${headerB64}.${payloadB64}`);
  const signer = RAW_SIGNERS[plan.signAlg];
  if (!signer) throw new Error(`no raw signer for ${plan.signAlg}`);
  if (!plan.key && plan.signAlg !== 'none') throw new Error(`no key for ${plan.signAlg}`);
  const signature = signer(signingInput, plan.key ?? Buffer.alloc(0), plan.dsaEncoding ?? 'ieee-p1363');
  return `${headerB64}.${payloadB64}.${b64url(signature)}`;
}

/** Signs a plan: with jose for well-formed tokens, with node:crypto when the plan asks for `raw`. */
export async function signPlan(plan: JwsPlan): Promise<string> {
  const compact =
    plan.raw || plan.payloadJson || plan.signAlg !== plan.header.alg || plan.dsaEncoding === 'der'
      ? craftJws(plan)
      : await new CompactSign(new TextEncoder().encode(JSON.stringify(plan.payload)))
          .setProtectedHeader(plan.header as { alg: string })
          .sign(plan.key as KeyObject | Uint8Array);
  return plan.finalize ? plan.finalize(compact) : compact;
}

const keyCache = new WeakMap<JWK, KeyObject>();

/** A private JWK as a node KeyObject (cached). */
export function keyObjectOf(jwk: JWK): KeyObject {
  let key = keyCache.get(jwk);
  if (!key) {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    keyCache.set(jwk, key);
  }
  return key;
}
